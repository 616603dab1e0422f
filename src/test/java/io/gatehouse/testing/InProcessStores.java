package io.gatehouse.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gatehouse.Components;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.embedded.EmbeddedMongo;
import io.gatehouse.embedded.EmbeddedRedis;
import io.gatehouse.store.MongoStore;
import io.gatehouse.store.RedisStore;
import io.gatehouse.tokens.JwtSecrets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The embedded stores inside the test JVM, for tests of the rules without a node and without HTTP: the
 * Mongo-wire server and a real Redis in a folder of the suite's, the clients Gatehouse itself opens on
 * them, and a Vert.x whose event loops are watched as a test node's are (so bcrypt on a loop still fails
 * the suite). Open one per test class, since starting Redis is the slow part; {@link #components} builds
 * the composition root on it with a test's variables, as often as a test needs other settings.
 */
public final class InProcessStores implements AutoCloseable {
  /** A bound on every wait, never a pause: a bcrypt check queued behind others answers far sooner. */
  public static final long TIMEOUT_SECONDS = 30;
  private static final Map<String, String> SECRETS = Map.of(
    "JWT_SECRET", "in-process-access-secret-0123456789abcdef",
    "JWT_REFRESH_SECRET", "in-process-refresh-secret-0123456789abcdef");

  private final EmbeddedMongo mongoServer;
  private final EmbeddedRedis redisServer;
  private final Path dataDir;
  private final Vertx vertx;
  private final MongoClient mongo;
  private final Redis redis;
  private final PasswordHasher hasher;

  private InProcessStores(EmbeddedMongo mongoServer, EmbeddedRedis redisServer, Path dataDir, Vertx vertx) {
    this.mongoServer = mongoServer;
    this.redisServer = redisServer;
    this.dataDir = dataDir;
    this.vertx = vertx;
    this.mongo = MongoStore.client(vertx, mongoServer.uri());
    this.redis = RedisStore.client(vertx, redisServer.uri());
    this.hasher = new PasswordHasher(vertx, 2);
  }

  /** Starts both stores in {@code dataDir} (a {@code @TempDir}) and creates the indexes a node would. */
  public static InProcessStores start(Path dataDir) {
    EventLoopWatch.instance();
    EmbeddedMongo mongo = EmbeddedMongo.start(dataDir, 0);
    EmbeddedRedis redis;
    try {
      redis = EmbeddedRedis.start(dataDir, 0);
    } catch (RuntimeException e) {
      mongo.close();
      throw e;
    }
    Vertx vertx = EventLoopWatch.watch(Vertx.vertx(new VertxOptions()
      .setEventLoopPoolSize(2)
      .setMaxEventLoopExecuteTime(TestGatehouse.BLOCKED_LIMIT_MS)
      .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
      .setBlockedThreadCheckInterval(50)
      .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
      .setWarningExceptionTime(TestGatehouse.BLOCKED_LIMIT_MS)
      .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS)));
    InProcessStores stores = new InProcessStores(mongo, redis, dataDir, vertx);
    try {
      await(vertx.executeBlocking(stores::warmUp, false));
    } catch (RuntimeException | AssertionError e) {
      stores.close();
      throw e;
    }
    return stores;
  }

  /**
   * On a worker thread, as {@code Gatehouse.start} does: the clients' first connections and operations
   * load and link hundreds of classes (well over 200 ms on a cold JVM), which on an event loop would fail
   * the suite for a block that is not the code under test. Creates the indexes a node creates.
   */
  private Void warmUp() throws Exception {
    for (Future<?> first : List.of(redis.send(Request.cmd(Command.PING)),
        MongoStore.ensureIndexes(mongo))) {
      first.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    return null;
  }

  /**
   * The composition root on these stores, configured by {@code variables} over fixed JWT secrets, as
   * {@code Gatehouse} builds it (the node's services on top are the test's to build).
   */
  public Components components(Map<String, String> variables) {
    Map<String, String> env = new HashMap<>(SECRETS);
    env.put("MONGO_URI", mongoServer.uri());
    env.put("REDIS_URI", redisServer.uri());
    env.put("DATA_DIR", dataDir.toString());
    env.putAll(variables);
    return new Components(vertx, GatehouseConfig.from(env), mongo, redis, hasher);
  }

  /** The secrets of a configuration built by {@link #components}, as {@code Gatehouse} resolves them. */
  public static JwtSecrets secrets(GatehouseConfig config) {
    return new JwtSecrets(config.jwtSecret(), config.jwtRefreshSecret());
  }

  public Vertx vertx() {
    return vertx;
  }

  public MongoClient mongo() {
    return mongo;
  }

  public Redis redis() {
    return redis;
  }

  public String redisUri() {
    return redisServer.uri();
  }

  /** Empties Redis: each test starts with no scores, bans or counters. */
  public void flushRedis() {
    await(redis.send(Request.cmd(Command.FLUSHDB)));
  }

  /** The result of a future, waited for from the test thread; its failure is rethrown as it is. */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within " + TIMEOUT_SECONDS + " s", e);
    }
  }

  /** The failure of a future that must fail with {@code type}; any other outcome fails the test. */
  public static <E extends Throwable> E failure(Class<E> type, Future<?> future) {
    return assertThrows(type, () -> await(future), () -> "expected a " + type.getSimpleName());
  }

  @Override
  public void close() {
    hasher.close();
    try {
      vertx.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Vert.x did not close", e);
    } finally {
      mongoServer.close();
      redisServer.close();
    }
  }
}
