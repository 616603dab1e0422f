package io.gatehouse;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.Settings;
import io.gatehouse.embedded.EmbeddedStores;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bin/gatehouse stores}: only the embedded MongoDB-wire server and Redis of {@code DATA_DIR}, so
 * several nodes (clustered, on one machine) can share them without installing anything. Prints their
 * URIs as {@code MONGO_URI=...} and {@code REDIS_URI=...} lines and runs until SIGTERM or SIGINT.
 */
final class StoresOnly {
  static final String USAGE = """
    Usage: bin/gatehouse stores [--mongo-port N] [--redis-port N]

    Runs only the embedded MongoDB-wire server and Redis on 127.0.0.1, persisting to DATA_DIR
    (default ./data), and prints their URIs; Ctrl-C or SIGTERM stops them. Nodes started with those
    URIs share them (the bin/ scripts find them through DATA_DIR/embedded.json). Ports default to
    free ones.

    Example, three clustered nodes on one machine:
      bin/gatehouse stores --mongo-port 27117 --redis-port 6479 &
      export MONGO_URI=mongodb://127.0.0.1:27117/LibreChat REDIS_URI=redis://127.0.0.1:6479
      export JWT_SECRET=$(openssl rand -hex 32) JWT_REFRESH_SECRET=$(openssl rand -hex 32)
      export CLUSTER_MEMBERS=127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703
      PORT=3080 CLUSTER_PORT=5701 METRICS_PORT=9464 bin/gatehouse --cluster &
      PORT=3081 CLUSTER_PORT=5702 METRICS_PORT=9465 bin/gatehouse --cluster &
      PORT=3082 CLUSTER_PORT=5703 METRICS_PORT=9466 bin/gatehouse --cluster &
    """;

  private StoresOnly() {
  }

  /** Starts the stores and blocks until a signal stops them; returns an exit code only when it cannot start. */
  static int run(List<String> args) throws InterruptedException {
    int mongoPort = 0;
    int redisPort = 0;
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      if (!option.equals("--mongo-port") && !option.equals("--redis-port") || i + 1 == args.size()) {
        System.err.println("gatehouse stores: unknown or incomplete argument '" + option + "'\n\n" + USAGE);
        return 2;
      }
      int port = port(args.get(++i));
      if (port < 0) {
        System.err.println("gatehouse stores: " + option + " must be a port number 0-65535, got '" + args.get(i) + "'");
        return 2;
      }
      if (option.equals("--mongo-port")) {
        mongoPort = port;
      } else {
        redisPort = port;
      }
    }
    Path dataDir = GatehouseConfig.dataDir(Settings.load(System.getenv()));
    EmbeddedStores stores;
    try {
      stores = EmbeddedStores.openShared(dataDir, mongoPort, redisPort);
    } catch (RuntimeException e) {
      System.err.println("gatehouse stores: cannot start: " + e.getMessage());
      return 1;
    }
    System.out.println("MONGO_URI=" + stores.mongoUri());
    System.out.println("REDIS_URI=" + stores.redisUri());
    System.out.flush();
    Shutdown.install(stores::close);
    Thread.currentThread().join();
    return 0;
  }

  /** The port, or -1 when it is not one. */
  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      return port >= 0 && port <= 65535 ? port : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
