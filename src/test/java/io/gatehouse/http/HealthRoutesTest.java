package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

@DisplayName("/health, /livez and /readyz")
class HealthRoutesTest extends NodeSuite {
  /** How long a store outage or recovery may take to show in /readyz. */
  private static final long DEADLINE_MS = 20_000;
  /** One /readyz answer, even with a store down (its probes time out at 2 s). */
  private static final long ANSWER_LIMIT_MS = 5_000;

  @Test
  @DisplayName("/health answers 200 text OK, as LibreChat's does")
  void health() {
    Http.Answer answer = http.get("/health").send();
    assertEquals(200, answer.status());
    assertEquals("OK", answer.text());
    assertTrue(answer.header("Content-Type").startsWith("text/"), answer.header("Content-Type"));
  }

  @Test
  @DisplayName("/livez answers 200 while the process runs")
  void livez() {
    assertEquals(200, http.get("/livez").send().status());
  }

  @Test
  @DisplayName("/readyz answers 200 with mongo and redis up")
  void ready() {
    Http.Answer answer = http.get("/readyz").send();
    assertEquals(200, answer.status(), answer.text());
    JsonObject body = answer.json();
    assertEquals("up", body.getString("mongo"));
    assertEquals("up", body.getString("redis"));
    assertEquals("ready", body.getString("status"));
    assertFalse(body.containsKey("cluster"), "a node on its own reports no cluster: " + body);
  }

  @Test
  @DisplayName("/readyz turns 503 with redis down when Redis stops, and 200 again when it is back")
  void redisOutage() throws IOException {
    Path dir = Files.createTempDirectory("gatehouse-test-redis-");
    int port = TestGatehouse.freePort();
    RedisServer redis = redis(dir, port);
    redis.start();
    try (TestGatehouse node = TestGatehouse.start(Map.of("REDIS_URI", "redis://127.0.0.1:" + port))) {
      assertEquals("redis://127.0.0.1:" + port, node.redisUri());
      assertEquals(200, awaitReadiness(node, 200).status());

      redis.stop();
      JsonObject down = awaitReadiness(node, 503).json();
      assertTrue(down.getString("redis").startsWith("down"), down.encode());
      assertEquals("up", down.getString("mongo"), down.encode());
      assertEquals("unavailable", down.getString("status"));
      // /health and /livez do not depend on the stores.
      assertEquals(200, node.http().get("/health").send().status());
      assertEquals(200, node.http().get("/livez").send().status());

      redis = redis(dir, port);
      redis.start();
      JsonObject up = awaitReadiness(node, 200).json();
      assertEquals("up", up.getString("redis"), up.encode());
    } finally {
      if (redis.isActive()) {
        redis.stop();
      }
    }
  }

  private static RedisServer redis(Path dir, int port) throws IOException {
    return RedisServer.newRedisServer()
      .port(port)
      .bind("127.0.0.1")
      .setting("save \"\"")
      .setting("appendonly no")
      .executableProvider(ExecutableProvider.newJarResourceProvider(dir.toFile()))
      .build();
  }

  /** Asks /readyz until it answers {@code status} (each answer bounded), or fails at the deadline. */
  private static Http.Answer awaitReadiness(TestGatehouse node, int status) {
    long deadline = System.nanoTime() + DEADLINE_MS * 1_000_000;
    Http.Answer last;
    do {
      long started = System.nanoTime();
      last = node.http().get("/readyz").send();
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      assertTrue(tookMs < ANSWER_LIMIT_MS, "/readyz took " + tookMs + " ms");
      if (last.status() == status) {
        return last;
      }
      retryPause();
    } while (System.nanoTime() < deadline);
    throw new AssertionError("/readyz did not answer " + status + " within " + DEADLINE_MS + " ms; last: "
      + last.status() + " " + last.text());
  }

  /** The short retry interval while a client notices a store came or went. */
  private static void retryPause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("answers CORS preflights as LibreChat's cors() does: any origin, no credentials")
  void cors() {
    Http.Answer preflight = http.request(io.vertx.core.http.HttpMethod.OPTIONS, "/api/auth/login")
      .header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "POST").send();
    assertEquals(204, preflight.status(), preflight.text());
    assertEquals("*", preflight.header("Access-Control-Allow-Origin"));
    assertEquals(null, preflight.header("Access-Control-Allow-Credentials"));
  }
}
