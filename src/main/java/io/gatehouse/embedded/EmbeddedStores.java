package io.gatehouse.embedded;

import io.gatehouse.config.GatehouseConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stores Gatehouse talks to: the configured {@code MONGO_URI}/{@code REDIS_URI}, or embedded ones
 * started here. While embedded stores run, {@code DATA_DIR/embedded.json} tells scripts where they are.
 */
public final class EmbeddedStores implements AutoCloseable {
  public static final String MARKER = "embedded.json";
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStores.class);
  private static final int CONFIGURED = -1;

  private final EmbeddedMongo mongo;
  private final EmbeddedRedis redis;
  private final String mongoUri;
  private final String redisUri;
  private final Path marker;

  private EmbeddedStores(EmbeddedMongo mongo, EmbeddedRedis redis, String mongoUri, String redisUri, Path marker) {
    this.mongo = mongo;
    this.redis = redis;
    this.mongoUri = mongoUri;
    this.redisUri = redisUri;
    this.marker = marker;
  }

  /** Starts whatever the configuration leaves to the embedded default, and announces it in embedded.json. */
  public static EmbeddedStores open(GatehouseConfig config) {
    return open(config, true);
  }

  /**
   * Opens the embedded stores of the data folder; {@code announce} false is for scripts that open it
   * while no server runs, which must not pretend to be one.
   */
  public static EmbeddedStores open(GatehouseConfig config, boolean announce) {
    if (!config.embeddedMongo() && !config.embeddedRedis()) {
      return new EmbeddedStores(null, null, config.mongoUri(), config.redisUri(), null);
    }
    return start(config.dataDir(), config.embeddedMongo() ? 0 : CONFIGURED, config.embeddedRedis() ? 0 : CONFIGURED,
      config, announce);
  }

  /**
   * Both embedded stores of the data folder, announced in embedded.json, for several nodes to share
   * ({@code bin/gatehouse stores}); port 0 picks a free one.
   */
  public static EmbeddedStores openShared(Path dataDir, int mongoPort, int redisPort) {
    return start(dataDir, mongoPort, redisPort, null, true);
  }

  /** Starts the stores given a port (0: a free one); those given {@link #CONFIGURED} are the configuration's. */
  private static EmbeddedStores start(Path dataDir, int mongoPort, int redisPort, GatehouseConfig config,
                                      boolean announce) {
    Path dir = DataDir.create(dataDir);
    JsonObject other = runningServer(dir);
    if (other != null && other.getLong("pid") != ProcessHandle.current().pid()) {
      throw new IllegalStateException("The data folder " + dir.toAbsolutePath() + " is in use by another Gatehouse (pid "
        + other.getLong("pid") + "): stop it, or set DATA_DIR to another folder");
    }
    EmbeddedMongo mongo = mongoPort != CONFIGURED ? EmbeddedMongo.start(dir, mongoPort) : null;
    EmbeddedRedis redis;
    try {
      redis = redisPort != CONFIGURED ? EmbeddedRedis.start(dir, redisPort) : null;
    } catch (RuntimeException e) {
      if (mongo != null) {
        mongo.close();
      }
      throw e;
    }
    String mongoUri = mongo != null ? mongo.uri() : config.mongoUri();
    String redisUri = redis != null ? redis.uri() : config.redisUri();
    Path marker = announce ? dir.resolve(MARKER) : null;
    if (announce) {
      writeMarker(marker, mongoUri, redisUri);
    }
    // the Redis URI carries its password: log where it listens only
    LOG.info("Embedded stores ready: mongo={} redis={} (data in {})", mongoUri,
      redis != null ? "redis://" + redis.address() : "REDIS_URI", dir.toAbsolutePath());
    return new EmbeddedStores(mongo, redis, mongoUri, redisUri, marker);
  }

  /** The embedded.json of a live Gatehouse process on this data folder (its stores' URIs and pid), or null. */
  public static JsonObject runningServer(Path dataDir) {
    Path marker = dataDir.resolve(MARKER);
    try {
      if (!Files.isRegularFile(marker)) {
        return null;
      }
      JsonObject json = new JsonObject(Files.readString(marker));
      Long pid = json.getLong("pid");
      return pid != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? json : null;
    } catch (Exception unreadable) {
      return null;
    }
  }

  public String mongoUri() {
    return mongoUri;
  }

  public String redisUri() {
    return redisUri;
  }

  private static void writeMarker(Path marker, String mongoUri, String redisUri) {
    JsonObject json = new JsonObject().put("mongoUri", mongoUri).put("redisUri", redisUri)
      .put("pid", ProcessHandle.current().pid());
    try {
      Path tmp = marker.resolveSibling(MARKER + ".tmp");
      DataDir.writeOwnerOnly(tmp, json.encodePrettily());
      Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + marker, e);
    }
  }

  @Override
  public void close() {
    if (marker != null) {
      try {
        Files.deleteIfExists(marker);
      } catch (IOException e) {
        LOG.warn("Cannot remove {}: {}", marker, e.getMessage());
      }
    }
    if (mongo != null) {
      mongo.close();
    }
    if (redis != null) {
      redis.close();
    }
  }
}
