package io.gatehouse.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.concurrent.TimeUnit;

/**
 * Who removes a collection's expired documents: a real MongoDB's TTL index on the expiry field, or
 * Gatehouse's own sweep. Decided once at start from the collection's index list. The embedded store
 * removes nothing by a TTL index and lists its indexes without {@code expireAfterSeconds}, so there
 * (whether a node's own or shared through {@code MONGO_URI}) the sweep runs. Expiry is checked on read either way: this is about space, not about
 * what an expired session or link can do.
 */
public record SweepChoice(boolean sweep, String reason) {
  /** A store that does not list its indexes within this long gets the sweep: the safe side. */
  static final long READ_TIMEOUT_SECONDS = 30;

  /**
   * The choice for {@code collection.field} from the collection's indexes as {@code listIndexes} answers
   * them. Only what MongoDB's TTL monitor acts on counts: a single-field index on {@code field} with a
   * numeric {@code expireAfterSeconds} and no partial filter (which would leave some documents behind).
   */
  public static SweepChoice of(String collection, String field, JsonArray indexes) {
    for (Object listed : indexes) {
      if (listed instanceof JsonObject index && removesExpired(index, field)) {
        return new SweepChoice(false, "MongoDB's TTL index " + collection + "." + index.getString("name")
          + " removes them (expireAfterSeconds " + index.getValue("expireAfterSeconds") + ")");
      }
    }
    return new SweepChoice(true, "no TTL index on " + collection + "." + field);
  }

  private static boolean removesExpired(JsonObject index, String field) {
    JsonObject key = index.getJsonObject("key");
    return key != null && key.size() == 1 && key.containsKey(field)
      && index.getValue("expireAfterSeconds") instanceof Number
      && !index.containsKey("partialFilterExpression");
  }

  /** The start's one log line: {@code what} ("Expired sessions") swept every {@code everyMs}, or left to MongoDB, and why. */
  public String describe(String what, long everyMs) {
    String every = everyMs % 1000 == 0 ? everyMs / 1000 + " s" : everyMs + " ms";
    return sweep ? what + " are swept every " + every + ": " + reason : what + " are left to MongoDB: " + reason;
  }

  /** Reads the index list once and chooses; a list that cannot be read means the sweep. Never fails. */
  static Future<SweepChoice> read(MongoClient mongo, String collection, String field) {
    return mongo.listIndexes(collection)
      .timeout(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS)
      .map(indexes -> of(collection, field, indexes))
      .otherwise(error -> new SweepChoice(true, "the indexes of " + collection + " could not be read: "
        + error));
  }
}
