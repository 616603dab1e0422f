package io.gatehouse.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import org.bson.types.ObjectId;

/**
 * The {@code sessions} collection: {@code refreshTokenHash} (SHA-256 hex of the refresh JWT),
 * {@code expiration}, {@code user} as LibreChat stores them, plus {@code previousTokenHash} and
 * {@code rotatedAt}, which let a replayed refresh token be told from a racing browser tab.
 */
public final class SessionStore {
  private final MongoClient mongo;

  public SessionStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** A fresh session id, chosen before the refresh JWT that carries it is signed. */
  public static String newId() {
    return new ObjectId().toHexString();
  }

  public Future<Void> create(String sessionId, String userId, String refreshTokenHash, long expirationMs) {
    JsonObject session = new JsonObject()
      .put("_id", sessionId)
      .put("refreshTokenHash", refreshTokenHash)
      .put("expiration", Documents.date(expirationMs))
      .put("user", Documents.oid(userId))
      .put("__v", 0);
    return mongo.insert(Collections.SESSIONS, session).mapEmpty();
  }

  /**
   * The live session with this id belonging to this user, or null (expiry is checked here, not left to
   * TTL). Asked by id alone, which an index serves on either store; owner and expiry are checked here.
   */
  public Future<JsonObject> findLive(String sessionId, String userId, long nowMs) {
    if (!Documents.isObjectId(sessionId) || !Documents.isObjectId(userId)) {
      return Future.succeededFuture();
    }
    return mongo.findOne(Collections.SESSIONS, byId(sessionId), null).map(session ->
      session != null && userId.equals(Documents.id(session.getValue("user")))
        && Documents.instant(session.getValue("expiration")).toEpochMilli() > nowMs ? session : null);
  }

  /**
   * Replaces the stored hash only if the session still holds {@code expectedHash}: one compare-and-set,
   * so of many concurrent refreshes with one token exactly one wins. Answers the session as it was
   * before the swap, or null when nothing matched or the session is not this user's live one. The
   * filter names the id, which an index serves on either store.
   */
  public Future<JsonObject> rotate(String sessionId, String userId, String expectedHash, String newHash, long nowMs) {
    if (!Documents.isObjectId(sessionId) || !Documents.isObjectId(userId)) {
      return Future.succeededFuture();
    }
    JsonObject query = byIdAndHash(sessionId, expectedHash);
    JsonObject update = new JsonObject().put("$set", new JsonObject()
      .put("refreshTokenHash", newHash)
      .put("previousTokenHash", expectedHash)
      .put("rotatedAt", Documents.date(nowMs)));
    return mongo.findOneAndUpdate(Collections.SESSIONS, query, update).map(before -> {
      boolean live = before != null && userId.equals(Documents.id(before.getValue("user")))
        && Documents.instant(before.getValue("expiration")).toEpochMilli() > nowMs;
      // a swap on a dead session changes nothing that matters: its token is refused either way
      return live ? before : null;
    });
  }

  public Future<Boolean> delete(String sessionId) {
    return mongo.removeDocument(Collections.SESSIONS, byId(sessionId))
      .map(result -> result != null && result.getRemovedCount() > 0);
  }

  /**
   * Logout: the session {@code sessionId} (named by the refresh token) when it holds this token and is
   * this user's. Found by (id, hash), which the id's index serves on either store.
   */
  public Future<Void> deleteByToken(String sessionId, String userId, String refreshTokenHash) {
    if (!Documents.isObjectId(sessionId) || !Documents.isObjectId(userId)) {
      return Future.succeededFuture();
    }
    return mongo.findOne(Collections.SESSIONS, byIdAndHash(sessionId, refreshTokenHash), new JsonObject().put("user", 1)).compose(session ->
      session != null && userId.equals(Documents.id(session.getValue("user")))
        ? delete(sessionId).mapEmpty()
        : Future.succeededFuture());
  }

  public Future<Long> deleteAllOf(String userId) {
    return mongo.removeDocuments(Collections.SESSIONS, byUser(userId))
      .map(result -> result == null ? 0L : result.getRemovedCount());
  }

  /** Whether expired sessions need the sweep, or a TTL index on {@code expiration} removes them. */
  public Future<SweepChoice> sweepChoice() {
    return SweepChoice.read(mongo, Collections.SESSIONS, "expiration");
  }

  /** The ids of up to {@code max} expired sessions, through the index on {@code expiration}. */
  public Future<List<Object>> expiredIds(long nowMs, int max) {
    JsonObject query = expiredAt(nowMs);
    FindOptions options = new FindOptions().setFields(new JsonObject().put("_id", 1)).setLimit(max);
    return mongo.findWithOptions(Collections.SESSIONS, query, options)
      .map(expired -> expired.stream().map(session -> session.getValue("_id")).toList());
  }

  /** Removes these sessions, found by {@code _id} (an index on either store); answers how many. */
  public Future<Integer> deleteIds(List<Object> ids) {
    JsonArray oids = new JsonArray();
    // as ObjectIds: the client converts a plain _id itself, but not the values of an $in
    ids.forEach(id -> oids.add(Documents.oid(Documents.id(id))));
    return mongo.removeDocuments(Collections.SESSIONS, byIds(oids))
      .map(removed -> removed == null ? 0 : (int) removed.getRemovedCount());
  }

  /** The query shapes, each served by an index on either store ({@code EmbeddedIndexesTest}). */
  static JsonObject byId(String sessionId) {
    return new JsonObject().put("_id", sessionId);
  }

  static JsonObject byIdAndHash(String sessionId, String refreshTokenHash) {
    return new JsonObject().put("_id", sessionId).put("refreshTokenHash", refreshTokenHash);
  }

  static JsonObject byUser(String userId) {
    return new JsonObject().put("user", Documents.oid(userId));
  }

  static JsonObject expiredAt(long nowMs) {
    return new JsonObject().put("expiration", new JsonObject().put("$lte", Documents.date(nowMs)));
  }

  static JsonObject byIds(JsonArray oids) {
    return new JsonObject().put("_id", new JsonObject().put("$in", oids));
  }
}
