package io.gatehouse.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import java.time.Instant;
import java.util.List;

/** Looking at and seeding a node's Mongo store directly, as an operator's database would be. */
public final class Store {
  public static final String USERS = "users";
  public static final String SESSIONS = "sessions";

  private Store() {
  }

  /** A LibreChat local user document as LibreChat's own registration would have written it. */
  public static JsonObject localUser(String email, String bcryptHash, boolean emailVerified) {
    JsonObject now = new JsonObject().put("$date", Instant.now().toString());
    return new JsonObject()
      .put("name", "Seeded User")
      .put("username", null)
      .put("email", email)
      .put("emailVerified", emailVerified)
      .put("password", bcryptHash)
      .put("avatar", null)
      .put("provider", "local")
      .put("role", "USER")
      .put("plugins", new JsonArray())
      .put("twoFactorEnabled", false)
      .put("termsAccepted", false)
      .put("favorites", new JsonArray())
      .put("refreshToken", new JsonArray())
      .put("backupCodes", new JsonArray())
      .put("createdAt", now)
      .put("updatedAt", now)
      .put("__v", 0);
  }

  /** Inserts a document and answers its hex id. */
  public static String insert(TestGatehouse server, String collection, JsonObject document) {
    return TestGatehouse.await(server.mongo().insert(collection, document.copy()));
  }

  public static JsonObject userByEmail(TestGatehouse server, String email) {
    return TestGatehouse.await(server.mongo().findOne(USERS, new JsonObject().put("email", email), null));
  }

  public static long count(TestGatehouse server, String collection, JsonObject query) {
    return TestGatehouse.await(server.mongo().count(collection, query));
  }

  /** Every document of a collection, in _id order: a snapshot to compare before and after. */
  public static List<JsonObject> all(TestGatehouse server, String collection) {
    return TestGatehouse.await(server.mongo().findWithOptions(collection, new JsonObject(),
      new FindOptions().setSort(new JsonObject().put("_id", 1))));
  }
}
