package io.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port some other process holds stops the start with the variable and port named, not a bare BindException. */
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
}
