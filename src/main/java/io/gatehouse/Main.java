package io.gatehouse;

import io.gatehouse.config.ConfigException;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.ops.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one Gatehouse node from the environment and {@code conf/gatehouse.env}; stops it cleanly on SIGTERM. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  static final String USAGE = """
    Usage: bin/gatehouse [--help]

    Runs the Gatehouse authentication server (LibreChat-compatible) on PORT (default 3080).
    Configuration comes from the environment over conf/gatehouse.env (see conf/gatehouse.env.example).

    With no MONGO_URI and REDIS_URI it runs the embedded default: a MongoDB-wire server inside the
    JVM and a real Redis on loopback, both persisting to DATA_DIR (default ./data), with JWT secrets
    generated once into DATA_DIR. DATA_DIR/embedded.json tells scripts where the stores are.

    Examples:
      bin/gatehouse                                  # embedded default on http://localhost:3080
      PORT=8080 ALLOW_REGISTRATION=true bin/gatehouse
      MONGO_URI=mongodb://db:27017/LibreChat REDIS_URI=redis://cache:6379 \\
        JWT_SECRET=... JWT_REFRESH_SECRET=... bin/gatehouse
    """;

  private Main() {
  }

  public static void main(String[] args) throws InterruptedException {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(USAGE);
      return;
    }
    if (args.length > 0) {
      System.err.println("gatehouse: unknown argument '" + args[0] + "'\n\n" + USAGE);
      System.exit(2);
    }
    GatehouseConfig config;
    try {
      config = GatehouseConfig.fromEnvironment();
    } catch (ConfigException e) {
      System.err.println("gatehouse: " + e.getMessage());
      System.exit(2);
      return;
    }
    long started = System.nanoTime();
    Vertx vertx = Vertx.builder().with(Metrics.enable(new VertxOptions()
        .setEventLoopPoolSize(Gatehouse.eventLoops())
        .setMaxEventLoopExecuteTime(config.blockedThreadWarningMs())
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS), config))
      .build();
    CountDownLatch ready = new CountDownLatch(1);
    Gatehouse[] node = new Gatehouse[1];
    Gatehouse.start(vertx, config).onComplete(result -> {
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
    Shutdown.install(() -> {
      LOG.info("Stopping Gatehouse");
      try {
        node[0].stop().compose(v -> vertx.close()).await(graceMs + 20_000, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("Unclean stop: {}", e.toString());
      }
    });
  }
}
