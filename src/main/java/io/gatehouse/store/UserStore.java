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
    return mongo.findOne(Collections.USERS, byId(id), null);
  }

  public Future<JsonObject> findByEmail(String email) {
    return mongo.findOne(Collections.USERS, byEmail(email), null);
  }

  /** The users whose {@code field} (a provider id field such as {@code githubId}) holds this value, at most a few. */
  public Future<java.util.List<JsonObject>> findByField(String field, String value) {
    return mongo.findWithOptions(Collections.USERS, byField(field, value),
      new io.vertx.ext.mongo.FindOptions().setLimit(10));
  }

  /** Sets fields of one user (and {@code updatedAt}); a taken email fails with Mongo's duplicate-key error. */
  public Future<Void> update(String id, JsonObject set) {
    JsonObject update = new JsonObject().put("$set", set.copy().put("updatedAt", Documents.date(java.time.Instant.now())));
    return mongo.updateCollection(Collections.USERS, new JsonObject().put("_id", id), update).mapEmpty();
  }

  /** True when some account already has this email or this username. */
  public Future<Boolean> existsByEmailOrUsername(String email, String username) {
    JsonArray any = new JsonArray().add(new JsonObject().put("email", normalizeEmail(email)));
    if (username != null) {
      any.add(new JsonObject().put("username", username));
    }
    return mongo.count(Collections.USERS, new JsonObject().put("$or", any)).map(n -> n > 0);
  }

  /**
   * True while no account exists (the first registration becomes ADMIN). The {@code count} command
   * answers from the collection's size on either store; the client's {@code count} is an aggregation
   * that walks every user, on each registration.
   */
  public Future<Boolean> isEmpty() {
    return mongo.runCommand("count", new JsonObject().put("count", Collections.USERS))
      .map(answer -> answer.getValue("n") instanceof Number n && n.longValue() == 0);
  }

  /** Inserts the document and answers its new id; a taken email fails with Mongo's duplicate-key error. */
  public Future<String> insert(JsonObject user) {
    return mongo.insert(Collections.USERS, user);
  }

  /** Writes a new password hash. */
  public Future<Boolean> setPassword(String id, String hash) {
    JsonObject update = new JsonObject().put("$set", new JsonObject().put("password", hash)
      .put("updatedAt", Documents.date(java.time.Instant.now())));
    return mongo.updateCollection(Collections.USERS, new JsonObject().put("_id", id), update)
      .map(result -> result != null && result.getDocMatched() > 0);
  }

  /** The email is proven: verified, and no longer subject to the purge of unverified accounts. */
  public Future<Boolean> markVerified(String id) {
    JsonObject update = new JsonObject()
      .put("$set", new JsonObject().put("emailVerified", true).put("updatedAt", Documents.date(java.time.Instant.now())))
      .put("$unset", new JsonObject().put("expiresAt", ""));
    return mongo.updateCollection(Collections.USERS, new JsonObject().put("_id", id), update)
      .map(result -> result != null && result.getDocMatched() > 0);
  }

  /** Every user, oldest first, with the fields an operator lists. */
  public Future<java.util.List<JsonObject>> listAll() {
    JsonObject fields = new JsonObject().put("email", 1).put("username", 1).put("name", 1).put("provider", 1)
      .put("role", 1).put("createdAt", 1);
    return mongo.findWithOptions(Collections.USERS, new JsonObject(), new io.vertx.ext.mongo.FindOptions()
      .setFields(fields).setSort(new JsonObject().put("createdAt", 1)));
  }

  /** Removes the user's one-time tokens (verification, reset) from the {@code tokens} collection. */
  public Future<Long> deleteTokensOf(String id) {
    JsonObject query = new JsonObject().put("userId", Documents.oid(id));
    return mongo.removeDocuments(Collections.TOKENS, query).map(result -> result == null ? 0L : result.getRemovedCount());
  }

  public Future<Boolean> delete(String id) {
    return mongo.removeDocument(Collections.USERS, new JsonObject().put("_id", id))
      .map(result -> result != null && result.getRemovedCount() > 0);
  }

  /** The request paths' query shapes, which an index must serve on either store ({@code EmbeddedIndexesTest}). */
  static JsonObject byId(String id) {
    return new JsonObject().put("_id", id);
  }

  static JsonObject byField(String field, String value) {
    return new JsonObject().put(field, value);
  }

  static JsonObject byEmail(String email) {
    return new JsonObject().put("email", normalizeEmail(email));
  }
}
