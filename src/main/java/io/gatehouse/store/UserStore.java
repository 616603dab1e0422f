package io.gatehouse.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.Locale;

/** The {@code users} collection, with LibreChat's fields. Emails are stored and looked up lower-case. */
public final class UserStore {
  private final MongoClient mongo;

  public UserStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  public static String normalizeEmail(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  /** The user, or null when the id is unknown or not an ObjectId. */
  public Future<JsonObject> findById(String id) {
    if (!Documents.isObjectId(id)) {
      return Future.succeededFuture();
    }
    return mongo.findOne(Collections.USERS, new JsonObject().put("_id", id), null);
  }

  public Future<JsonObject> findByEmail(String email) {
    return mongo.findOne(Collections.USERS, new JsonObject().put("email", normalizeEmail(email)), null);
  }

  /** True when some account already has this email or this username. */
  public Future<Boolean> existsByEmailOrUsername(String email, String username) {
    JsonArray any = new JsonArray().add(new JsonObject().put("email", normalizeEmail(email)));
    if (username != null) {
      any.add(new JsonObject().put("username", username));
    }
    return mongo.count(Collections.USERS, new JsonObject().put("$or", any)).map(n -> n > 0);
  }

  public Future<Boolean> isEmpty() {
    return mongo.count(Collections.USERS, new JsonObject()).map(n -> n == 0);
  }

  /** Inserts the document and answers its new id; a taken email fails with Mongo's duplicate-key error. */
  public Future<String> insert(JsonObject user) {
    return mongo.insert(Collections.USERS, user);
  }

  public Future<Boolean> delete(String id) {
    return mongo.removeDocument(Collections.USERS, new JsonObject().put("_id", id))
      .map(result -> result != null && result.getRemovedCount() > 0);
  }
}
