package io.gatehouse.testing;

import io.vertx.core.json.JsonObject;

/** The {@code sessions} collection of a test node, looked at and changed directly through Mongo. */
public final class Sessions {
  private static final String COLLECTION = "sessions";

  private Sessions() {
  }

  /** The session id a refresh token carries (read, not verified). */
  public static String idOf(String refreshToken) {
    return Jwts.payload(refreshToken).getString("sessionId");
  }

  /** The stored session document, or null. */
  public static JsonObject find(TestGatehouse server, String sessionId) {
    return TestGatehouse.await(server.mongo().findOne(COLLECTION, new JsonObject().put("_id", sessionId), null));
  }

  public static void delete(TestGatehouse server, String sessionId) {
    TestGatehouse.await(server.mongo().removeDocument(COLLECTION, new JsonObject().put("_id", sessionId)));
  }

  public static void update(TestGatehouse server, String sessionId, JsonObject set) {
    TestGatehouse.await(server.mongo().updateCollection(COLLECTION, new JsonObject().put("_id", sessionId),
      new JsonObject().put("$set", set)));
  }

  public static void insert(TestGatehouse server, JsonObject session) {
    TestGatehouse.await(server.mongo().insert(COLLECTION, session));
  }
}
