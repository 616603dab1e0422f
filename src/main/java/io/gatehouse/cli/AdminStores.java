package io.gatehouse.cli;

import io.gatehouse.Components;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.embedded.EmbeddedStores;
import io.gatehouse.store.MongoStore;
import io.gatehouse.store.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.concurrent.TimeUnit;

/**
 * The stores a script works on, found as the server finds them: {@code MONGO_URI}/{@code REDIS_URI}
 * when set; else the running server's embedded stores (from {@code DATA_DIR/embedded.json}); else the
 * data folder opened directly, when no server runs. Both are checked at once, within one deadline short
 * enough that the whole script ends inside the 10 s operators are promised (exit 3 if not).
 */
final class AdminStores implements AutoCloseable {
  /** For both probes together; with JVM start and shutdown the script still ends within 10 s. */
  static final long REACH_TIMEOUT_MS = 7_000;

  final Vertx vertx;
  final GatehouseConfig config;
  /** The server's composition root, without its HTTP side and services: the stores and rules a script uses. */
  final Components parts;
  private final MongoClient mongo;
  private final Redis redis;
  private final EmbeddedStores opened;

  private AdminStores(Vertx vertx, GatehouseConfig config, MongoClient mongo, Redis redis, EmbeddedStores opened) {
    this.vertx = vertx;
    this.config = config;
    this.mongo = mongo;
    this.redis = redis;
    this.opened = opened;
    this.parts = new Components(vertx, config, mongo, redis, new PasswordHasher(vertx, 1));
  }

  static AdminStores open(GatehouseConfig config) {
    String mongoUri = config.mongoUri();
    String redisUri = config.redisUri();
    JsonObject running = EmbeddedStores.runningServer(config.dataDir());
    if (mongoUri == null && running != null) {
      mongoUri = running.getString("mongoUri");
    }
    if (redisUri == null && running != null) {
      redisUri = running.getString("redisUri");
    }
    EmbeddedStores opened = null;
    if (mongoUri == null || redisUri == null) {
      // no server runs on this data folder: open it ourselves, without announcing it
      opened = EmbeddedStores.open(config.withStores(mongoUri, redisUri), false);
      mongoUri = opened.mongoUri();
      redisUri = opened.redisUri();
    }
    Vertx vertx = Vertx.vertx();
    MongoClient mongo = MongoStore.client(vertx, mongoUri);
    Redis redis = RedisStore.client(vertx, redisUri);
    AdminStores stores = new AdminStores(vertx, config, mongo, redis, opened);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REACH_TIMEOUT_MS);
    Future<Void> mongoPing = mongo.runCommand("ping", new JsonObject().put("ping", 1)).mapEmpty();
    Future<Void> redisPing = redis.send(Request.cmd(Command.PING)).mapEmpty();
    stores.reach("MongoDB", mongoUri, mongoPing, deadline);
    stores.reach("Redis", redisUri, redisPing, deadline);
    return stores;
  }

  private void reach(String what, String uri, Future<Void> probe, long deadlineNanos) {
    try {
      probe.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (Throwable e) {
      // Throwable, not Exception: the Redis client fails with ErrorType, a bare Throwable (a reply that
      // is not RESP, NOAUTH, ...), and one escaping here would leave the JVM running on Vert.x threads
      close();
      throw new Refusal(ExitCodes.UNREACHABLE, "Cannot reach " + what + " at " + redact(uri) + " within "
        + REACH_TIMEOUT_MS / 1000 + " s (" + describe(e) + ")");
    }
  }

  private static String describe(Throwable error) {
    // the message when it is short (a Redis error reply); the Mongo driver's are a page of cluster state
    String message = error.getMessage() == null ? "" : error.getMessage().strip();
    boolean brief = !message.isEmpty() && message.length() <= 100 && message.lines().count() == 1;
    return error.getClass().getSimpleName() + (brief ? ": " + message : "");
  }

  /** The URI without its password, fit to print. */
  static String redact(String uri) {
    return uri.replaceFirst("://([^:/@]*):[^@/]*@", "://$1:***@");
  }

  /** Waits for a store operation from the script's thread. */
  static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (Throwable e) {
      // Throwable: see reach(); a Redis error reply must end the script, not escape past picocli
      throw new IllegalStateException(describe(e), e);
    }
  }

  @Override
  public void close() {
    try {
      mongo.close().await(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing anyway
    }
    redis.close();
    parts.hasher.close();
    try {
      vertx.close().await(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing anyway
    }
    if (opened != null) {
      opened.close();
    }
  }
}
