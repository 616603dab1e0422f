package io.gatehouse.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;

/**
 * LibreChat's {@code tokens} collection for one-time links: {@code {userId, email?, type, token, createdAt,
 * expiresAt}}, where {@code token} holds only a hash of what the link carries. Expiry is checked on read
 * (the embedded store ignores TTL indexes), and expired rows are swept where no TTL index removes them.
 */
public final class TokenStore {
  private final MongoClient mongo;

  public TokenStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** Replaces the user's tokens of this type with a new one. */
  public Future<Void> replace(String userId, String type, String email, String tokenHash, long expiresAtMs) {
    JsonObject token = new JsonObject()
      .put("userId", Documents.oid(userId))
      .put("type", type)
      .put("token", tokenHash)
      .put("createdAt", Documents.date(Instant.now()))
      .put("expiresAt", Documents.date(expiresAtMs))
      .put("__v", 0);
    if (email != null) {
      token.put("email", email);
    }
    return deleteAll(userId, type).compose(v -> mongo.insert(Collections.TOKENS, token)).mapEmpty();
  }

  /**
   * Takes the token away if the user has it (one atomic delete, so a link works once even when two
   * requests race) and answers whether it was there and still live.
   */
  public Future<Boolean> consume(String userId, String type, String tokenHash, long nowMs) {
    return mongo.findOneAndDelete(Collections.TOKENS, byToken(userId, type, tokenHash)).map(token -> {
      Instant expiresAt = token == null ? null : Documents.instant(token.getValue("expiresAt"));
      return expiresAt != null && expiresAt.toEpochMilli() > nowMs;
    });
  }

  private Future<Void> deleteAll(String userId, String type) {
    return mongo.removeDocuments(Collections.TOKENS, byUserAndType(userId, type)).mapEmpty();
  }

  /** Whether expired tokens need the sweep, or a TTL index on {@code expiresAt} removes them. */
  public Future<SweepChoice> sweepChoice() {
    return SweepChoice.read(mongo, Collections.TOKENS, "expiresAt");
  }

  /** Removes expired tokens of the given type: where no TTL index does it ({@link #sweepChoice}). */
  public Future<Long> sweepExpired(String type, long nowMs) {
    return mongo.removeDocuments(Collections.TOKENS, expiredOfType(type, nowMs)).map(result -> result == null ? 0L : result.getRemovedCount());
  }

  /** The query shapes, each served by an index on either store ({@code EmbeddedIndexesTest}). */
  static JsonObject byToken(String userId, String type, String tokenHash) {
    return byUserAndType(userId, type).put("token", tokenHash);
  }

  static JsonObject byUserAndType(String userId, String type) {
    return new JsonObject().put("userId", Documents.oid(userId)).put("type", type);
  }

  static JsonObject expiredOfType(String type, long nowMs) {
    return new JsonObject().put("type", type).put("expiresAt", new JsonObject().put("$lte", Documents.date(nowMs)));
  }
}
