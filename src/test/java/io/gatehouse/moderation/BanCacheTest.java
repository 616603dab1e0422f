package io.gatehouse.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The near cache applies ban states in the order Redis gave them, whatever order they arrive in. */
@DisplayName("The ban cache never goes back in time")
class BanCacheTest {
  private static final long NOW = System.currentTimeMillis();
  private static final long HOUR = 3_600_000;

  @Test
  @DisplayName("an older unban arriving after a newer ban lifts nothing; a newer one does")
  void olderUnbanIgnored() {
    BanCache cache = new BanCache();
    cache.put(BanCache.user("u1"), NOW + HOUR, 7);
    cache.remove(BanCache.user("u1"), 6);
    assertEquals(NOW + HOUR, cache.until("u1", null, NOW));
    cache.remove(BanCache.user("u1"), 8);
    assertEquals(0, cache.until("u1", null, NOW));
  }

  @Test
  @DisplayName("an older ban arriving after a newer unban bans nobody")
  void olderBanIgnored() {
    BanCache cache = new BanCache();
    cache.remove(BanCache.ip("10.0.0.1"), 9);
    cache.put(BanCache.ip("10.0.0.1"), NOW + HOUR, 8);
    assertEquals(0, cache.until(null, "10.0.0.1", NOW));
  }

  @Test
  @DisplayName("a reload's snapshot keeps bans newer than itself and lifts the older ones it no longer holds")
  void snapshotOrder() {
    BanCache cache = new BanCache();
    cache.put(BanCache.user("old"), NOW + HOUR, 3);
    cache.put(BanCache.user("new"), NOW + HOUR, 12);
    cache.remove(BanCache.user("lifted"), 11);
    cache.replaceAll(Map.of(BanCache.user("lifted"), new BanCache.Versioned(NOW + HOUR, 5),
      BanCache.user("kept"), new BanCache.Versioned(NOW + HOUR, 9)), 10);
    assertEquals(0, cache.until("old", null, NOW), "lifted at or before the snapshot");
    assertEquals(NOW + HOUR, cache.until("new", null, NOW), "banned after the snapshot was read");
    assertEquals(0, cache.until("lifted", null, NOW), "the snapshot's older ban does not undo a newer unban");
    assertEquals(NOW + HOUR, cache.until("kept", null, NOW));
  }
}
