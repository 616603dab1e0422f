package io.gatehouse;

import io.gatehouse.cluster.Cluster;
import io.gatehouse.config.ConfigException;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.Settings;
import io.gatehouse.ops.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one Gatehouse node from the environment and {@code conf/gatehouse.env}; stops it cleanly on SIGTERM. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  /** Hazelcast tries every listed member before it starts a cluster of its own. */
  private static final long JOIN_TIMEOUT_SECONDS = 120;
  static final String USAGE = """
    Usage: bin/gatehouse [--cluster] [--help]
           bin/gatehouse stores [--mongo-port N] [--redis-port N]

    Runs the Gatehouse authentication server (LibreChat-compatible) on PORT (default 3080).
    Configuration comes from the environment over conf/gatehouse.env (see conf/gatehouse.env.example).

    --cluster (or CLUSTER=true) joins the Hazelcast cluster of CLUSTER_MEMBERS (conf/cluster.xml);
    every node then needs the same MONGO_URI, REDIS_URI, JWT_SECRET and JWT_REFRESH_SECRET.
    `stores` runs only the embedded MongoDB-wire server and Redis, for several nodes on one machine.

    With no MONGO_URI and REDIS_URI it runs the embedded default: a MongoDB-wire server inside the
    JVM and a real Redis on loopback, both persisting to DATA_DIR (default ./data), with JWT secrets
    generated once into DATA_DIR. DATA_DIR/embedded.json tells scripts where the stores are.

    Examples:
      bin/gatehouse                                  # embedded default on http://localhost:3080
      PORT=8080 ALLOW_REGISTRATION=true bin/gatehouse
      MONGO_URI=mongodb://db:27017/LibreChat REDIS_URI=redis://cache:6379 \\
        JWT_SECRET=... JWT_REFRESH_SECRET=... bin/gatehouse
      CLUSTER_MEMBERS=10.0.0.5,10.0.0.6 CLUSTER_HOST=10.0.0.5 MONGO_URI=... REDIS_URI=... \\
        JWT_SECRET=... JWT_REFRESH_SECRET=... bin/gatehouse --cluster
    """;

  private Main() {
  }

  public static void main(String[] args) throws InterruptedException {
    List<String> arguments = List.of(args);
    if (arguments.contains("--help") || arguments.contains("-h")) {
      System.out.print(arguments.contains("stores") ? StoresOnly.USAGE : USAGE);
      return;
    }
    if (!arguments.isEmpty() && arguments.get(0).equals("stores")) {
      System.exit(StoresOnly.run(arguments.subList(1, arguments.size())));
    }
    Map<String, String> environment = new HashMap<>(System.getenv());
    for (String argument : arguments) {
      if (!argument.equals("--cluster")) {
        System.err.println("gatehouse: unknown argument '" + argument + "'\n\n" + USAGE);
        System.exit(2);
      }
      environment.put("CLUSTER", "true");
    }
    GatehouseConfig config;
    Future<Cluster> joining;
    long started = System.nanoTime();
    try {
      config = GatehouseConfig.from(Settings.load(environment));
      joining = vertx(config);
    } catch (ConfigException e) {
      System.err.println("gatehouse: " + e.getMessage());
      System.exit(2);
      return;
    }
    Cluster cluster;
    try {
      cluster = joining.await(JOIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ConfigException e) {
      // a taken CLUSTER_PORT or EVENTBUS_PORT, said as a taken PORT is
      System.err.println("gatehouse: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    } catch (Exception e) {
      System.err.println("gatehouse: cannot join the cluster: " + e);
      System.exit(1);
      return;
    }
    Vertx vertx = cluster.vertx();
    CountDownLatch ready = new CountDownLatch(1);
    Gatehouse[] node = new Gatehouse[1];
    Gatehouse.start(cluster, config).onComplete(result -> {
      if (result.succeeded()) {
        node[0] = result.result();
        LOG.info("Gatehouse listening on http://{}:{} (started in {} ms)", config.host(), config.port(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      } else {
        Throwable cause = result.cause();
        System.err.println("gatehouse: cannot start: " + (cause instanceof ConfigException ? "" : cause.getClass().getSimpleName() + ": ")
          + cause.getMessage());
      }
      ready.countDown();
    });
    ready.await();
    if (node[0] == null) {
      vertx.close();
      System.exit(1);
    }
    long graceMs = config.shutdownGraceMs();
    // leaving the cluster is part of vertx.close(), after the requests in flight are answered
    Shutdown.install(() -> {
      LOG.info("Stopping Gatehouse");
      try {
        node[0].stop().compose(v -> vertx.close()).await(graceMs + 20_000, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("Unclean stop: {}", e.toString());
      }
    });
  }

  /**
   * The node's Vert.x: on its own, or a member of the cluster once it has joined. Throws a
   * {@link ConfigException} for a configuration that cannot be used at all.
   */
  private static Future<Cluster> vertx(GatehouseConfig config) {
    VertxOptions options = Metrics.enable(new VertxOptions()
      .setEventLoopPoolSize(Gatehouse.eventLoops())
      .setMaxEventLoopExecuteTime(config.blockedThreadWarningMs())
      .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS), config);
    if (!config.cluster().enabled()) {
      return Future.succeededFuture(Cluster.alone(Vertx.builder().with(options).build()));
    }
    LOG.info("Joining the cluster of {} on {}:{}", config.cluster().members(), config.cluster().host(),
      config.cluster().port());
    return Cluster.join(options, config.cluster());
  }
}
