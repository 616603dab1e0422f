package io.gatehouse.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one non-blocking Mongo client of a Gatehouse instance, and the indexes LibreChat's schema declares. */
public final class MongoStore {
  private static final Logger LOG = LoggerFactory.getLogger(MongoStore.class);
  public static final String DEFAULT_DATABASE = "LibreChat";

  private MongoStore() {
  }

  /**
   * The shared client for {@code uri}; the database is the URI's path, as in LibreChat. Every call is
   * bounded: a Mongo that is gone, and one that accepts but never answers, both fail within seconds.
   */
  public static MongoClient client(Vertx vertx, String uri) {
    return MongoClient.createShared(vertx, config(withTimeouts(uri, REQUEST_TIMEOUTS)), "gatehouse-mongo");
  }

  /**
   * A client of its own for work off the request paths that may take long on a large store: index
   * builds at start, the expiry sweep (a scan on the embedded store), bulk loads. Its reads wait as
   * long as the store needs; finding and reaching the store is bounded as for the shared client.
   */
  public static MongoClient maintenanceClient(Vertx vertx, String uri) {
    return MongoClient.create(vertx, config(withTimeouts(uri, CONNECT_TIMEOUTS)));
  }

  private static JsonObject config(String uri) {
    return new JsonObject().put("connection_string", uri).put("db_name", databaseName(uri)).put("useObjectId", true);
  }

  /** Finding a server and connecting to it. */
  private static final String[] CONNECT_TIMEOUTS = {"serverSelectionTimeoutMS=5000", "connectTimeoutMS=5000"};
  /** And waiting for an answer on a connection (a frozen server keeps the socket open and says nothing). */
  private static final String[] REQUEST_TIMEOUTS = {"serverSelectionTimeoutMS=5000", "connectTimeoutMS=5000",
    "socketTimeoutMS=5000"};

  /** Bounded waits, so a missing Mongo means a quick 503 rather than a hung request; the URI's own options win. */
  static String withTimeouts(String uri, String[] options) {
    StringBuilder out = new StringBuilder(uri);
    String separator = uri.contains("?") ? "&" : (uri.replaceFirst("^mongodb(\\+srv)?://", "").contains("/") ? "?" : "/?");
    for (String option : options) {
      String name = option.substring(0, option.indexOf('='));
      if (!uri.contains(name + "=")) {
        out.append(separator).append(option);
        separator = "&";
      }
    }
    return out.toString();
  }

  static String databaseName(String uri) {
    try {
      String path = URI.create(uri.replaceFirst("^mongodb(\\+srv)?://[^/]*", "mongodb://host")).getPath();
      return path == null || path.length() <= 1 ? DEFAULT_DATABASE : path.substring(1);
    } catch (IllegalArgumentException e) {
      return DEFAULT_DATABASE;
    }
  }

  /**
   * LibreChat's indexes (the unique email, the sparse unique provider ids, the TTL indexes on session
   * and one-time token expiry) and the ones Gatehouse's queries need beside them: sessions by user and
   * one-time tokens by (user, type). The table in this package's documentation says which query each serves.
   */
  public static Future<Void> ensureIndexes(MongoClient mongo) {
    List<Future<Void>> created = new ArrayList<>(List.of(
        index(mongo, Collections.USERS, new JsonObject().put("email", 1), new IndexOptions().unique(true)),
        index(mongo, Collections.SESSIONS, new JsonObject().put("expiration", 1), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)),
        index(mongo, Collections.SESSIONS, new JsonObject().put("user", 1), new IndexOptions()),
        index(mongo, Collections.TOKENS, new JsonObject().put("expiresAt", 1), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)),
        index(mongo, Collections.TOKENS, new JsonObject().put("userId", 1).put("type", 1), new IndexOptions())));
    for (String provider : PROVIDER_ID_FIELDS) {
      created.add(index(mongo, Collections.USERS, new JsonObject().put(provider, 1), new IndexOptions().unique(true).sparse(true)));
    }
    return Future.join(created).mapEmpty();
  }

  /** The users' fields holding an external account's id, each a sparse unique index in LibreChat's user schema. */
  static final List<String> PROVIDER_ID_FIELDS =
    List.of("googleId", "facebookId", "openidId", "samlId", "ldapId", "githubId", "discordId", "appleId");

  /**
   * Earlier versions gave the embedded store two unique indexes of its own, because its indexes then
   * served only queries naming exactly their keys; they now serve any query naming their keys, and
   * these two only cost space and a write per session. Dropped where they exist.
   */
  public static Future<Void> retireEmbeddedIndexes(MongoClient mongo) {
    return Future.join(
        mongo.dropIndex(Collections.SESSIONS, "_id_1_refreshTokenHash_1").otherwiseEmpty(),
        mongo.dropIndex(Collections.TOKENS, "userId_1_type_1_token_1").otherwiseEmpty())
      .mapEmpty();
  }

  private static Future<Void> index(MongoClient mongo, String collection, JsonObject keys, IndexOptions options) {
    return mongo.createIndexWithOptions(collection, keys, options)
      .recover(error -> {
        // An existing index with other options (an older LibreChat database) is not worth refusing to start over.
        LOG.warn("Index {} on {} not created: {}", keys.fieldNames(), collection, error.getMessage());
        return Future.succeededFuture();
      });
  }
}
