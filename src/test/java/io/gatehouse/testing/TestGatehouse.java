package io.gatehouse.testing;

import io.gatehouse.Gatehouse;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.embedded.GeneratedSecrets;
import io.gatehouse.ops.Metrics;
import io.gatehouse.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Gatehouse node for tests: the embedded default (Mongo-wire server over TCP, real Redis) in a
 * temporary data folder, on a free port, in a Vert.x that reports any event loop blocked over 200 ms.
 * A second Mongo client (over TCP, like the server's) lets tests look at and seed the store.
 */
public final class TestGatehouse implements AutoCloseable, Reachable {
  /** Far below Vert.x's 2 s default: bcrypt or any other blocking call on an event loop trips it. */
  public static final long BLOCKED_LIMIT_MS = 200;

  private final Vertx vertx;
  private final Gatehouse node;
  private final Path dataDir;
  private final int port;
  private final Http http;
  private final MongoClient mongo;

  private TestGatehouse(Vertx vertx, Gatehouse node, Path dataDir, int port) {
    this.vertx = vertx;
    this.node = node;
    this.dataDir = dataDir;
    this.port = port;
    this.http = Http.on(vertx, port);
    this.mongo = MongoClient.create(vertx, new JsonObject().put("connection_string", node.mongoUri())
      .put("db_name", MongoStore.DEFAULT_DATABASE).put("useObjectId", true));
  }

  /** Registration on, everything else default, in a fresh data folder. */
  public static TestGatehouse start() {
    return start(Map.of());
  }

  public static TestGatehouse start(Map<String, String> variables) {
    return start(variables, newDataDir());
  }

  /** Starts on the given data folder (a restart test passes the same one twice). */
  public static TestGatehouse start(Map<String, String> variables, Path dataDir) {
    EventLoopWatch.instance();
    int port = freePort();
    Map<String, String> env = new HashMap<>();
    env.put("ALLOW_REGISTRATION", "true");
    env.put("HOST", "127.0.0.1");
    // suites that are not about moderation must not trip its limiters; those that are set their own
    env.put("LOGIN_MAX", "100000");
    env.put("REGISTER_MAX", "100000");
    // many nodes share the test JVM: each scrapes on a free loopback port unless a suite picks one
    env.put("METRICS_PORT", "0");
    env.putAll(variables);
    env.put("PORT", String.valueOf(port));
    env.put("DATA_DIR", dataDir.toString());
    GatehouseConfig config = GatehouseConfig.from(env);
    Vertx vertx = Vertx.builder().with(Metrics.enable(new VertxOptions()
        .setEventLoopPoolSize(2)
        .setMaxEventLoopExecuteTime(BLOCKED_LIMIT_MS)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(50)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        // the checker logs where the loop is stuck, into the suite's -output.txt
        .setWarningExceptionTime(BLOCKED_LIMIT_MS)
        .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS), config))
      .build();
    EventLoopWatch.watch(vertx);
    try {
      Gatehouse node = Gatehouse.start(vertx, config).await(60, TimeUnit.SECONDS);
      return new TestGatehouse(vertx, node, dataDir, port);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("Gatehouse did not start: " + e.getMessage(), e);
    }
  }

  /**
   * A second node on the first one's stores and JWT secrets, as another replica behind the same load
   * balancer would be; {@code variables} are its own (they may differ from the first node's).
   */
  public static TestGatehouse joining(TestGatehouse first, Map<String, String> variables) {
    JsonObject secrets;
    try {
      secrets = new JsonObject(Files.readString(first.dataDir().resolve(GeneratedSecrets.FILE)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> shared = new HashMap<>(variables);
    shared.put("MONGO_URI", first.mongoUri());
    shared.put("REDIS_URI", first.redisUri());
    shared.put("JWT_SECRET", secrets.getString("JWT_SECRET"));
    shared.put("JWT_REFRESH_SECRET", secrets.getString("JWT_REFRESH_SECRET"));
    return start(shared);
  }

  public static Path newDataDir() {
    try {
      return Files.createTempDirectory("gatehouse-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Http http() {
    return http;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** A test-side Mongo client over TCP to the same store the server uses. */
  public MongoClient mongo() {
    return mongo;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public int port() {
    return port;
  }

  /** The port of this node's metrics server (METRICS_PORT, or the free one picked for 0), -1 when off. */
  public int metricsPort() {
    return node.metrics().actualPort();
  }

  public String mongoUri() {
    return node.mongoUri();
  }

  public String redisUri() {
    return node.redisUri();
  }

  /** Waits for a future from the test thread. */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("operation failed: " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      mongo.close().await(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the server is stopping anyway
    }
    try {
      node.stop().compose(v -> vertx.close()).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Gatehouse did not stop cleanly", e);
    }
  }
}
