package io.gatehouse;

import io.gatehouse.cluster.Cluster;
import io.gatehouse.config.ConfigException;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.embedded.EmbeddedStores;
import io.gatehouse.embedded.GeneratedSecrets;
import io.gatehouse.ops.Metrics;
import io.gatehouse.store.MongoStore;
import io.gatehouse.store.RedisStore;
import io.gatehouse.tokens.JwtSecrets;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Gatehouse node: resolves its stores and secrets, opens the shared clients, and deploys the
 * verticles in order (accounts and tokens before HTTP starts taking requests).
 */
public final class Gatehouse {
  private static final Logger LOG = LoggerFactory.getLogger(Gatehouse.class);
  private static final long PRUNE_EVERY_MS = 60_000;
  private static final long STORE_WARM_UP_SECONDS = 6;

  private final Vertx vertx;
  private final Cluster cluster;
  private final EmbeddedStores stores;
  private final MongoClient mongo;
  /** For long work off the request paths (index builds, the expiry sweep): no socket timeout. */
  private final MongoClient maintenance;
  private final Redis redis;
  private final PasswordHasher hasher;
  private final Metrics metrics;
  private final List<String> deployments = new ArrayList<>();
  private Components components;
  private Components.Server server;
  private long pruneTimer = -1;

  private Gatehouse(Cluster cluster, EmbeddedStores stores, MongoClient mongo, MongoClient maintenance, Redis redis,
                    PasswordHasher hasher, Metrics metrics) {
    this.vertx = cluster.vertx();
    this.cluster = cluster;
    this.stores = stores;
    this.mongo = mongo;
    this.maintenance = maintenance;
    this.redis = redis;
    this.hasher = hasher;
    this.metrics = metrics;
  }

  /** Starts a node on its own; fails (and cleans up) if any store or verticle does not come up. */
  public static Future<Gatehouse> start(Vertx vertx, GatehouseConfig config) {
    return start(Cluster.alone(vertx), config);
  }

  /** Starts a node in its cluster (or alone); fails (and cleans up) if any store or verticle does not come up. */
  public static Future<Gatehouse> start(Cluster cluster, GatehouseConfig config) {
    Vertx vertx = cluster.vertx();
    // Off the event loop: opening the stores, loading the Mongo driver and PasswordHasher's first hash all block.
    return vertx.executeBlocking(() -> {
      JwtSecrets secrets = secrets(config);
      EmbeddedStores stores = EmbeddedStores.open(config);
      MongoClient mongo = MongoStore.client(vertx, stores.mongoUri());
      MongoClient maintenance = MongoStore.maintenanceClient(vertx, stores.mongoUri());
      Redis redis = RedisStore.client(vertx, stores.redisUri());
      warmUp(mongo, redis);
      Metrics metrics = Metrics.of(vertx, config);
      return new Opened(secrets, new Gatehouse(cluster, stores, mongo, maintenance, redis,
        new PasswordHasher(vertx, config.hashWorkers(), metrics.meters()), metrics));
    }).compose(opened -> {
      Gatehouse node = opened.node();
      // the driver's first operations load its classes (hundreds of ms on a cold JVM): issue them off the loop too
      return vertx.executeBlocking(() -> {
          // building an index on a large collection outlasts the request timeouts: the maintenance client
          return MongoStore.ensureIndexes(node.maintenance)
            .compose(v -> config.embeddedMongo() ? MongoStore.retireEmbeddedIndexes(node.maintenance) : Future.succeededFuture());
        })
        .compose(indexed -> indexed)
        .compose(v -> node.deploy(config, opened.secrets()))
        .map(node)
        .recover(error -> node.stop().transform(ignored -> Future.failedFuture(error)));
    });
  }

  private record Opened(JwtSecrets secrets, Gatehouse node) {
  }

  /**
   * One round trip to each store while still off the event loops, so the clients load their classes
   * now rather than on a loop serving requests. A store that does not answer is no reason to stop here:
   * /readyz reports it, and the clients reconnect by themselves.
   */
  private static void warmUp(MongoClient mongo, Redis redis) {
    for (Future<?> ping : java.util.List.of(
        mongo.runCommand("ping", new JsonObject().put("ping", 1)),
        redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.PING)))) {
      try {
        ping.toCompletionStage().toCompletableFuture().get(STORE_WARM_UP_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception notYet) {
        // left to /readyz and the clients' own reconnection
      }
    }
  }

  /** JWT_SECRET and JWT_REFRESH_SECRET from configuration, else generated once in the embedded default. */
  static JwtSecrets secrets(GatehouseConfig config) {
    if (config.jwtSecret() != null && config.jwtRefreshSecret() != null) {
      return new JwtSecrets(config.jwtSecret(), config.jwtRefreshSecret());
    }
    if (!config.embeddedMongo()) {
      String missing = config.jwtSecret() == null ? "JWT_SECRET" : "JWT_REFRESH_SECRET";
      throw new ConfigException(missing + " is not set. With MONGO_URI set, Gatehouse needs JWT_SECRET and "
        + "JWT_REFRESH_SECRET (long random strings; reuse LibreChat's to keep its sessions valid).");
    }
    JsonObject generated = GeneratedSecrets.loadOrCreate(config.dataDir());
    return new JwtSecrets(
      config.jwtSecret() != null ? config.jwtSecret() : generated.getString("JWT_SECRET"),
      config.jwtRefreshSecret() != null ? config.jwtRefreshSecret() : generated.getString("JWT_REFRESH_SECRET"));
  }

  private Future<Void> deploy(GatehouseConfig config, JwtSecrets secrets) {
    // wiring the services reads templates and CREDS_KEY and loads the JDK's ciphers: off the event loop
    return vertx.executeBlocking(() -> {
      components = new Components(vertx, config, mongo, redis, hasher);
      return components.server(secrets, metrics, cluster, maintenance);
    }, false).compose(built -> {
      server = built;
      cluster.onMemberJoined(() -> components.events.reload()
        .onFailure(error -> LOG.warn("Reload after a join failed: {}", error.toString())));
      pruneTimer = vertx.setPeriodic(PRUNE_EVERY_MS, id -> {
        built.revocationList().prune(System.currentTimeMillis());
        components.banCache.prune(System.currentTimeMillis());
      });
      Future<Void> deployed = components.events.start();
      DeploymentOptions perLoop = new DeploymentOptions().setInstances(eventLoops());
      for (Components.Part part : built.parts()) {
        deployed = deployed.compose(v -> vertx.deployVerticle(part.verticle(),
            part.perLoop() ? perLoop : new DeploymentOptions()))
          .map(id -> {
            deployments.add(id);
            return null;
          });
      }
      return deployed.compose(v -> metrics.listen());
    });
  }

  /** One HTTP verticle per event loop; Main sizes the loops to the cores. */
  static int eventLoops() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  public String mongoUri() {
    return stores.mongoUri();
  }

  public String redisUri() {
    return stores.redisUri();
  }

  /** The metrics of this node: the management server's port, the registry. */
  public Metrics metrics() {
    return metrics;
  }

  /** Undeploys in reverse order, closes the clients and the embedded stores (removing embedded.json). */
  public Future<Void> stop() {
    // the scrape endpoint closes first, but is only joined at the end: its future completes on the
    // metrics server's event loop, which must not become the context the rest of the stop runs on
    Future<Void> metricsClosed = metrics.close().recover(e -> Future.succeededFuture());
    Future<Void> undeployed = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      undeployed = undeployed.compose(v -> vertx.undeploy(id).recover(e -> Future.succeededFuture()));
    }
    vertx.cancelTimer(pruneTimer);
    if (components != null) {
      components.events.close();
    }
    if (server != null) {
      server.close();
    }
    return undeployed
      .compose(v -> mongo.close().recover(e -> Future.succeededFuture()))
      .compose(v -> maintenance.close().recover(e -> Future.succeededFuture()))
      .compose(v -> {
        redis.close();
        hasher.close();
        return vertx.executeBlocking(() -> {
          stores.close();
          return null;
        });
      })
      .compose(v -> metricsClosed)
      .mapEmpty();
  }
}
