package io.gatehouse.moderation;

import static io.gatehouse.moderation.Storms.assertBanned;
import static io.gatehouse.moderation.Storms.assertLimited;
import static io.gatehouse.moderation.Storms.describe;
import static io.gatehouse.moderation.Storms.login;
import static io.gatehouse.moderation.Storms.wrongLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.RedisPeek;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/** One outage in three acts, in order: before, during and after; each act relies on the one before. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("A Redis outage")
class RedisOutageTest {
  private static final Duration RECOVERY = Duration.ofSeconds(10);
  private static final String BANNED_IP = "10.7.1.1";

  private Path redisDir;
  private int redisPort;
  private RedisServer redisServer;
  private TestGatehouse server;
  private Http http;
  private Storms.Session user;
  private Storms.Session banned;

  @BeforeAll
  void start() throws IOException {
    redisDir = Files.createTempDirectory("gatehouse-outage-redis-");
    redisPort = TestGatehouse.freePort();
    startRedis();
    server = TestGatehouse.start(Map.of("REDIS_URI", "redis://127.0.0.1:" + redisPort, "BAN_VIOLATIONS", "true",
      "LOGIN_MAX", "3", "LOGIN_WINDOW", "1", "BAN_INTERVAL", "2", "BAN_DURATION", "120000"));
    http = server.http();
  }

  @AfterAll
  void stop() throws IOException {
    server.close();
    redisServer.stop();
  }

  private void startRedis() throws IOException {
    redisServer = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1")
      .setting("dir " + redisDir).setting("save \"\"").setting("appendonly yes")
      .executableProvider(ExecutableProvider.newJarResourceProvider(redisDir.toFile()))
      .build();
    redisServer.start();
  }

  private Http.Answer readyz() {
    return http.get("/readyz").send();
  }

  @Test
  @Order(1)
  @DisplayName("before it: a user logs in and another is banned by a login storm from their own browser")
  void before() {
    Accounts.register(http, "steady@example.com");
    Accounts.register(http, "banned@example.com");
    user = Storms.session(http, "steady@example.com", "10.7.0.9");
    banned = Storms.session(http, "banned@example.com", "10.7.0.8");
    for (int i = 0; i < 3; i++) {
      assertEquals(404, wrongLogin(http, banned, BANNED_IP).status());
    }
    assertEquals(429, wrongLogin(http, banned, BANNED_IP).status());
    assertBanned(wrongLogin(http, banned, BANNED_IP), 120);
    assertEquals(200, readyz().status());
  }

  @Test
  @Order(2)
  @DisplayName("during it: /readyz answers 503, logins and tokens work, the limiter counts per node, bans hold from the near cache")
  void during() throws IOException {
    redisServer.stop();
    Http.Answer notReady = Eventually.until(RECOVERY, "/readyz reports Redis down", this::readyz,
      answer -> answer.status() != 200);
    assertEquals(503, notReady.status(), describe(notReady));
    assertEquals("unavailable", notReady.json().getString("status"));
    assertEquals("up", notReady.json().getString("mongo"));

    Storms.Session again = Storms.session(http, "steady@example.com", "10.7.2.1");
    assertEquals(200, http.get("/api/user").header("X-Forwarded-For", "10.7.2.1").bearer(again.token()).send().status());
    assertEquals(200, http.get("/api/user").header("X-Forwarded-For", "10.7.0.9").bearer(user.token()).send().status());
    Http.Answer refreshed = http.post("/api/auth/refresh").cookie("refreshToken", user.refreshToken()).send();
    assertEquals(200, refreshed.status(), refreshed.text());

    assertBanned(login(http, "banned@example.com", "10.7.2.2"), 120);
    assertBanned(login(http, "steady@example.com", BANNED_IP), 120);

    String ip = "10.7.3.1";
    for (int i = 0; i < 3; i++) {
      assertEquals(404, wrongLogin(http, "nobody@example.com", ip).status());
    }
    assertLimited(wrongLogin(http, "nobody@example.com", ip), Storms.LOGIN_LIMITED, 3, 60);
    assertLimited(login(http, "steady@example.com", ip), Storms.LOGIN_LIMITED, 3, 60);
  }

  @Test
  @Order(3)
  @DisplayName("after it: /readyz answers 200 again, the limiter is shared in Redis again and ban events reach the node again")
  void after() throws IOException {
    startRedis();
    Http.Answer ready = Eventually.until(RECOVERY, "/readyz reports Redis up", this::readyz,
      answer -> answer.status() == 200);
    assertEquals("ready", ready.json().getString("status"));

    try (RedisPeek redis = new RedisPeek(server.vertx(), "redis://127.0.0.1:" + redisPort)) {
      String ip = "10.7.4.1";
      assertEquals(404, wrongLogin(http, "nobody@example.com", ip).status());
      assertEquals(1, redis.counter("gatehouse:limit:login_limiter:" + ip), "counted in Redis again");

      // Redis kept the ban over its restart (append-only file); the node reloaded it from there
      assertBanned(login(http, "banned@example.com", "10.7.4.2"), 120);

      long until = System.currentTimeMillis() + 60_000;
      TestGatehouse.await(redis.bans().ban("user:" + user.userId(),
        new JsonObject().put("type", "manual").put("violation_count", 0).put("duration", 60_000).put("expiresAt", until)));
      // polled on a bearer route: polling the login itself could meet its limiter before the ban arrives
      Eventually.until(RECOVERY, "a ban announced after the outage reaches the node",
        () -> http.get("/api/user").bearer(user.token()).send(), answer -> answer.status() != 200);
      assertBanned(login(http, "steady@example.com", "10.7.4.3"), 60);
    }
  }
}
