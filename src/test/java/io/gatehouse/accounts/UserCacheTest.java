package io.gatehouse.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class UserCacheTest {
  private static final long MB = 1024 * 1024;

  @Test
  void cacheSizeFollowsTheHeap() {
    assertEquals(8_192, UserCache.entriesFor(64 * MB), "a quarter of the default 64 MB heap");
    assertEquals(UserCache.MIN_ENTRIES, UserCache.entriesFor(4 * MB));
    assertEquals(UserCache.MAX_ENTRIES, UserCache.entriesFor(8 * 1024 * MB));
  }

  @Test
  void aFullCacheMakesRoomInsteadOfGrowing() {
    UserCache cache = new UserCache(10, 60_000);
    for (int i = 0; i < 25; i++) {
      cache.put("u" + i, new JsonObject().put("_id", "u" + i).put("email", "u" + i + "@example.com"), cache.generation(), 0);
    }
    int cached = 0;
    for (int i = 0; i < 25; i++) {
      cached += cache.document("u" + i, 0) == null ? 0 : 1;
    }
    assertTrue(cached <= 10, "at most 10 users cached, found " + cached);
    assertNotNull(cache.document("u24", 0), "the newest user is cached");
    assertNull(cache.document("u24", 60_001), "an entry older than the maximum age is not served");
  }

  @Test
  void countsHitsAndMisses() {
    UserCache cache = new UserCache(10, 60_000);
    assertNull(cache.document("u1", 0));
    cache.put("u1", new JsonObject().put("_id", "u1"), cache.generation(), 0);
    assertNotNull(cache.document("u1", 0));
    assertNotNull(cache.profile("u1", 1));
    assertNull(cache.profile("u1", 60_001), "an entry too old is a miss");
    assertEquals(2, cache.hits());
    assertEquals(2, cache.misses());
  }
}
