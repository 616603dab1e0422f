package io.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.gatehouse.cluster.Cluster;
import io.gatehouse.config.ConfigException;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.ops.Metrics;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A port some other process holds stops the start with the variable and port named, not a bare
 * BindException or Hazelcast's own words: the HTTP and metrics ports, and a clustered node's Hazelcast
 * and event-bus ports.
 */
@DisplayName("A start on a taken port")
class PortsInUseTest {
  /** Starts a node as Main does (metrics on), and answers why it did not come up (null: it did, and is stopped again). */
  private static Throwable startFailure(Map<String, String> variables) throws Exception {
    GatehouseConfig config = GatehouseConfig.from(variables);
    Vertx vertx = Vertx.builder().with(Metrics.enable(new VertxOptions(), config)).build();
    try {
      Future<Gatehouse> started = Gatehouse.start(vertx, config);
      Throwable failure = started.transform(result -> Future.succeededFuture(result.cause())).await(60, TimeUnit.SECONDS);
      if (failure == null) {
        started.result().stop().await(30, TimeUnit.SECONDS);
      }
      return failure;
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Joins a cluster of one on loopback as Main does, with {@code variables} over stores that are never
   * reached (the ports are taken before any store is asked), and answers why it did not (null: it did,
   * and has left again).
   */
  private static Throwable joinFailure(Map<String, String> variables) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("CLUSTER", "true", "CLUSTER_HOST", "127.0.0.1",
      "MONGO_URI", "mongodb://127.0.0.1:1/LibreChat", "REDIS_URI", "redis://127.0.0.1:1"));
    env.putAll(variables);
    env.putIfAbsent("CLUSTER_MEMBERS", "127.0.0.1:" + env.get("CLUSTER_PORT"));
    Future<Cluster> joined = Cluster.join(new VertxOptions(), GatehouseConfig.from(env).cluster());
    Throwable failure = joined.transform(result -> Future.succeededFuture(result.cause())).await(60, TimeUnit.SECONDS);
    if (failure == null) {
      joined.result().vertx().close().await(30, TimeUnit.SECONDS);
    }
    return failure;
  }

  @Test
  @DisplayName("names PORT when the HTTP port is taken")
  void httpPort(@TempDir Path dataDir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Throwable failure = startFailure(Map.of("DATA_DIR", dataDir.toString(), "HOST", "127.0.0.1",
        "PORT", String.valueOf(taken.getLocalPort()), "METRICS_PORT", "0"));
      assertInstanceOf(ConfigException.class, failure, String.valueOf(failure));
      assertEquals("PORT " + taken.getLocalPort() + " is in use on 127.0.0.1 (another Gatehouse or another server?): "
        + "stop it, or set PORT to a free port", failure.getMessage());
    }
  }

  @Test
  @DisplayName("names METRICS_PORT when the metrics port is taken")
  void metricsPort(@TempDir Path dataDir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Throwable failure = startFailure(Map.of("DATA_DIR", dataDir.toString(), "HOST", "127.0.0.1",
        "PORT", String.valueOf(TestGatehouse.freePort()), "METRICS_PORT", String.valueOf(taken.getLocalPort())));
      assertInstanceOf(ConfigException.class, failure, String.valueOf(failure));
      assertEquals("METRICS_PORT " + taken.getLocalPort() + " is in use on 127.0.0.1 (another Gatehouse or another "
        + "server?): stop it, or set METRICS_PORT to a free port", failure.getMessage());
    }
  }

  @Test
  @DisplayName("names CLUSTER_PORT when Hazelcast's port is taken, and does not move to the next one")
  void clusterPort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Throwable failure = joinFailure(Map.of("CLUSTER_PORT", String.valueOf(taken.getLocalPort())));
      assertInstanceOf(ConfigException.class, failure, String.valueOf(failure));
      assertEquals("CLUSTER_PORT " + taken.getLocalPort() + " is in use on 127.0.0.1 (another Gatehouse or another "
        + "server?): stop it, or set CLUSTER_PORT to a free port", failure.getMessage());
    }
  }

  @Test
  @DisplayName("names EVENTBUS_PORT when the clustered event bus's port is taken")
  void eventBusPort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Throwable failure = joinFailure(Map.of("CLUSTER_PORT", String.valueOf(TestGatehouse.freePort()),
        "EVENTBUS_PORT", String.valueOf(taken.getLocalPort())));
      assertInstanceOf(ConfigException.class, failure, String.valueOf(failure));
      assertEquals("EVENTBUS_PORT " + taken.getLocalPort() + " is in use on 127.0.0.1 (another Gatehouse or another "
        + "server?): stop it, or set EVENTBUS_PORT to a free port", failure.getMessage());
    }
  }
}
