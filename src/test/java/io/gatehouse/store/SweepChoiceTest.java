package io.gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The choice between a TTL index and Gatehouse's sweep, from index lists as {@code listIndexes} answers
 * them. The lists are shaped as a real MongoDB lists LibreChat's indexes (mongoose adds {@code background});
 * the read of a server's list, through the client, is in {@code SessionSweepTest}.
 */
@DisplayName("The choice between a TTL index and the sweep")
class SweepChoiceTest {
  private static final JsonObject ID = index("_id_", new JsonObject().put("_id", 1));
  private static final JsonObject USER = index("user_1", new JsonObject().put("user", 1)).put("background", true);

  private static JsonObject index(String name, JsonObject key) {
    return new JsonObject().put("v", 2).put("key", key).put("name", name);
  }

  private static JsonObject ttl(Object expireAfterSeconds) {
    return index("expiration_1", new JsonObject().put("expiration", 1)).put("background", true)
      .put("expireAfterSeconds", expireAfterSeconds);
  }

  private static SweepChoice sessions(JsonObject... indexes) {
    JsonArray listed = new JsonArray().add(ID).add(USER);
    for (JsonObject index : indexes) {
      listed.add(index);
    }
    return SweepChoice.of(Collections.SESSIONS, "expiration", listed);
  }

  @Test
  @DisplayName("a real MongoDB with a TTL index on the field: no sweep, and the line names the index")
  void ttlIndexOnRealMongo() {
    SweepChoice choice = sessions(ttl(0));
    assertFalse(choice.sweep());
    assertEquals("Expired sessions are left to MongoDB: MongoDB's TTL index sessions.expiration_1 removes them "
      + "(expireAfterSeconds 0)", choice.describe("Expired sessions", 60_000));
  }

  @Test
  @DisplayName("a TTL index counts whatever number type the server sends its seconds in")
  void anyNumberType() {
    assertFalse(sessions(ttl(0L)).sweep());
    assertFalse(sessions(ttl(0.0)).sweep());
    assertFalse(sessions(ttl(3600)).sweep());
  }

  @Test
  @DisplayName("a real MongoDB without one sweeps, and says which index it missed")
  void noTtlIndex() {
    SweepChoice choice = sessions();
    assertTrue(choice.sweep());
    assertEquals("Expired sessions are swept every 60 s: no TTL index on sessions.expiration",
      choice.describe("Expired sessions", 60_000));
  }

  @Test
  @DisplayName("indexes MongoDB's TTL monitor does not act on, or acts on only in part, mean the sweep")
  void notRemovingEverything() {
    JsonObject plain = index("expiration_1", new JsonObject().put("expiration", 1));
    JsonObject compound = index("user_1_expiration_1", new JsonObject().put("user", 1).put("expiration", 1))
      .put("expireAfterSeconds", 0);
    JsonObject partial = ttl(0).put("partialFilterExpression", new JsonObject().put("user", new JsonObject().put("$exists", true)));
    JsonObject otherField = index("createdAt_1", new JsonObject().put("createdAt", 1)).put("expireAfterSeconds", 900);
    for (JsonObject index : List.of(plain, compound, partial, otherField)) {
      assertTrue(sessions(index).sweep(), index.encode());
    }
  }

  @Test
  @DisplayName("the one-time tokens' index is judged on expiresAt")
  void tokens() {
    JsonArray listed = new JsonArray().add(ID)
      .add(index("expiresAt_1", new JsonObject().put("expiresAt", 1)).put("expireAfterSeconds", 0));
    assertFalse(SweepChoice.of(Collections.TOKENS, "expiresAt", listed).sweep());
    assertTrue(SweepChoice.of(Collections.TOKENS, "expiresAt", new JsonArray().add(ID)).sweep());
  }

  @Test
  @DisplayName("a store that cannot list its indexes gets the sweep, and the line says why")
  void unreadableList() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      MongoClient unreachable = MongoStore.client(vertx, "mongodb://127.0.0.1:1/LibreChat?serverSelectionTimeoutMS=200");
      SweepChoice choice = SweepChoice.read(unreachable, Collections.SESSIONS, "expiration").await(30, TimeUnit.SECONDS);
      assertTrue(choice.sweep());
      assertTrue(choice.reason().startsWith("the indexes of sessions could not be read: "), choice.reason());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
