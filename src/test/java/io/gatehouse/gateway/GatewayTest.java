package io.gatehouse.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.moderation.Moderation;
import io.gatehouse.store.RedisStore;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.RedisPeek;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The gateway to the chat backend (UPSTREAM_URL)")
class GatewayTest {
  static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    + "Chrome/126.0.0.0 Safari/537.36";
  static final String BANNED = "{\"message\":\"Your account has been temporarily banned due to violations of our service.\"}";
  static final String TOO_MANY = "Too many messages, please try again after 1 minute(s)";

  private Upstream upstream;
  /** Concurrency capped at 1, one non-browser hit bans (score 20 = BAN_INTERVAL). */
  private TestGatehouse gateway;
  /** Message limiters per IP and per user, 2 a minute each; no bans. */
  private TestGatehouse limited;
  private Redis redis;

  @BeforeAll
  void start() {
    upstream = new Upstream();
    gateway = TestGatehouse.start(Map.of("UPSTREAM_URL", upstream.url(),
      "LIMIT_CONCURRENT_MESSAGES", "true", "CONCURRENT_MESSAGE_MAX", "1",
      "BAN_VIOLATIONS", "true", "BAN_INTERVAL", "20", "NON_BROWSER_VIOLATION_SCORE", "20"));
    limited = TestGatehouse.start(Map.of("UPSTREAM_URL", upstream.url(),
      "LIMIT_MESSAGE_IP", "true", "MESSAGE_IP_MAX", "2", "LIMIT_MESSAGE_USER", "true", "MESSAGE_USER_MAX", "2"));
    redis = RedisStore.client(gateway.vertx(), gateway.redisUri());
  }

  @AfterAll
  void stop() {
    redis.close();
    try {
      gateway.close();
      limited.close();
    } finally {
      upstream.close();
    }
  }

  private static String tokenOf(Http http, String email) {
    return Accounts.registerAndLogin(http, email).json().getString("token");
  }

  private static String idOf(Http http, String token) {
    return http.get("/api/user").bearer(token).send().json().getString("_id");
  }

  private static Http.Answer message(Http http, String token, String userAgent, String forwardedFor) {
    Http.Request request = http.post(Upstream.CHAT).bearer(token).header("User-Agent", userAgent);
    if (forwardedFor != null) {
      request.header("X-Forwarded-For", forwardedFor);
    }
    return request.json(new JsonObject().put("text", "hello").put("endpoint", "agents"));
  }

  private long chatsBy(String token) {
    return upstream.seen().stream().filter(echo -> echo.getString("path").equals(Upstream.CHAT))
      .filter(echo -> ("Bearer " + token).equals(echo.getString("authorization"))).count();
  }

  private static void eventually(String what, BooleanSupplier condition) {
    Eventually.until(Duration.ofSeconds(10), what, condition::getAsBoolean, Boolean::booleanValue);
  }

  @Test
  @DisplayName("refuses an unknown /api path without a token with 401, and the backend never sees it")
  void noToken() {
    Http.Answer get = gateway.http().get("/api/convos/no-token").send();
    Http.Answer post = gateway.http().post("/api/convos/no-token-post").json(new JsonObject().put("a", 1));
    assertEquals(401, get.status());
    assertEquals("{\"message\":\"No auth token\"}", get.text());
    assertEquals(401, post.status());
    Http.Answer forged = gateway.http().get("/api/convos/forged-token").bearer("a.b.c").send();
    assertEquals(401, forged.status());
    assertFalse(upstream.saw("/api/convos/no-token"));
    assertFalse(upstream.saw("/api/convos/no-token-post"));
    assertFalse(upstream.saw("/api/convos/forged-token"));
  }

  @Test
  @DisplayName("proxies an authenticated request: the backend sees the Authorization header and the exact body; "
    + "status and headers come back")
  void proxies() {
    String token = tokenOf(gateway.http(), "proxied@example.com");
    String body = "{\"title\":\"Ünïcode ✓\",\"n\":[1,2,3],\"nested\":{\"x\":null}}";
    Http.Answer answer = gateway.http().post("/api/convos/update").bearer(token).header("X-Want-Status", "201")
      .body("application/json", Buffer.buffer(body));
    assertEquals(201, answer.status(), answer.text());
    assertEquals("echo", answer.header("X-Upstream"));
    JsonObject echo = answer.json();
    assertEquals("POST", echo.getString("method"));
    assertEquals("/api/convos/update", echo.getString("path"));
    assertEquals("Bearer " + token, echo.getString("authorization"));
    assertEquals(body, echo.getString("body"));

    Http.Answer get = gateway.http().get("/api/convos?pageSize=25").bearer(token).send();
    assertEquals(200, get.status());
    assertEquals("GET", get.json().getString("method"));
    assertEquals("/api/convos", get.json().getString("path"));
  }

  @Test
  @DisplayName("streams a body of about 1 MB through to the backend unchanged")
  void largeBody() {
    String token = tokenOf(gateway.http(), "large@example.com");
    byte[] bytes = new byte[1024 * 1024 + 17];
    new Random(42).nextBytes(bytes);
    Buffer body = Buffer.buffer(bytes);
    Http.Answer answer = gateway.http().post("/api/files/upload").bearer(token)
      .body("application/octet-stream", body);
    assertEquals(200, answer.status(), answer.text());
    assertEquals(bytes.length, answer.json().getInteger("length"));
    assertEquals(Upstream.sha256(body), answer.json().getString("sha256"));
  }

  @Test
  @DisplayName("does not proxy Gatehouse's own routes: GET /api/user is still answered by Gatehouse")
  void ownRoutes() {
    String token = tokenOf(gateway.http(), "own@example.com");
    Http.Answer user = gateway.http().get("/api/user").bearer(token).send();
    assertEquals(200, user.status());
    assertEquals("own@example.com", user.json().getString("email"));
    assertFalse(upstream.saw("/api/user"));
    assertFalse(upstream.saw("/api/auth/login"));
    assertFalse(upstream.saw("/api/auth/register"));
  }

  @Test
  @DisplayName("answers a banned user with the ban (403, Retry-After) and never reaches the backend")
  void bannedUser() {
    Http http = gateway.http();
    String token = tokenOf(http, "banned-gw@example.com");
    String id = idOf(http, token);
    assertTrue(TestGatehouse.await(Moderation.client(gateway.vertx()).report("non_browser", id, null, 20L)));

    Http.Answer proxied = http.get("/api/convos/while-banned").bearer(token).header("User-Agent", CHROME).send();
    assertEquals(403, proxied.status());
    assertEquals(BANNED, proxied.text());
    long retry = Long.parseLong(proxied.header("Retry-After"));
    assertTrue(retry > 7100 && retry <= 7200, "Retry-After " + retry);
    Http.Answer chat = message(http, token, CHROME, null);
    assertEquals(403, chat.status());
    assertEquals(BANNED, chat.text());
    assertFalse(upstream.saw("/api/convos/while-banned"));
    assertEquals(0, chatsBy(token));
  }

  @Test
  @DisplayName("refuses a non-browser User-Agent on a message route with 403, scores it, and bans user and IP "
    + "(score 20 = BAN_INTERVAL)")
  void nonBrowserBans() {
    Http http = gateway.http();
    String token = tokenOf(http, "curl@example.com");
    Http.Answer curl = message(http, token, "curl/8.4.0", "198.51.100.20");
    assertEquals(403, curl.status(), curl.text());
    // the violation that bans is answered with the ban itself, as a limiter hit that bans is
    assertEquals(BANNED, curl.text());
    assertNotNull(curl.header("Retry-After"));
    assertEquals(0, chatsBy(token));

    // the user is banned, whatever the agent or the address
    Http.Answer browser = message(http, token, CHROME, "198.51.100.21");
    assertEquals(403, browser.status());
    assertEquals(BANNED, browser.text());
    assertEquals(0, chatsBy(token));
    // and so is the address, for everyone behind it
    String other = tokenOf(http, "curl-neighbour@example.com");
    Http.Answer neighbour = message(http, other, CHROME, "198.51.100.20");
    assertEquals(403, neighbour.status());
    assertEquals(BANNED, neighbour.text());
    assertEquals(0, chatsBy(other));
  }

  @Test
  @DisplayName("checks the User-Agent on message routes only")
  void nonBrowserElsewhere() {
    String token = tokenOf(gateway.http(), "curl-convos@example.com");
    Http.Answer answer = gateway.http().get("/api/convos/by-curl").bearer(token).header("User-Agent", "curl/8.4.0")
      .header("X-Forwarded-For", "198.51.100.30").send();
    assertEquals(200, answer.status());
    assertTrue(upstream.saw("/api/convos/by-curl"));
  }

  @Test
  @DisplayName("lets a browser's message through and returns the backend's whole SSE answer")
  void browserPasses() {
    String token = tokenOf(gateway.http(), "chrome@example.com");
    Http.Answer answer = message(gateway.http(), token, CHROME, "198.51.100.40");
    assertEquals(200, answer.status(), answer.text());
    assertTrue(answer.header("Content-Type").startsWith("text/event-stream"));
    assertEquals(String.join("", Upstream.CHUNKS), answer.text());
    assertEquals(1, chatsBy(token));
  }

  @Test
  @DisplayName("counts a streamed answer as one pending message until it ends (CONCURRENT_MESSAGE_MAX=1)")
  void concurrency() {
    Http http = gateway.http();
    String token = tokenOf(http, "streamer@example.com");
    String id = idOf(http, token);
    HttpClient client = gateway.vertx().createHttpClient();
    StringBuffer received = new StringBuffer();
    CompletableFuture<Integer> status = new CompletableFuture<>();
    Future<Void> ended = client.request(HttpMethod.POST, gateway.port(), "127.0.0.1", Upstream.CHAT)
      .compose(request -> request.putHeader("Authorization", "Bearer " + token).putHeader("User-Agent", CHROME)
        .putHeader("X-Hold", "true").putHeader("Content-Type", "application/json")
        .send(new JsonObject().put("text", "a long answer, please").encode()))
      .compose(response -> {
        status.complete(response.statusCode());
        response.handler(chunk -> received.append(chunk.toString()));
        return response.end();
      });
    try {
      Promise<Void> hold = upstream.nextHeldStream();
      eventually("the first two chunks arrive", () -> received.toString().equals(Upstream.CHUNKS.get(0)
        + Upstream.CHUNKS.get(1)));
      assertEquals(200, status.getNow(-1));
      assertFalse(ended.isComplete(), "the answer is still streaming");

      Http.Answer second = message(http, token, CHROME, null);
      assertEquals(429, second.status(), second.text());
      assertNotNull(second.header("Retry-After"));
      assertTrue(second.json().getString("message").contains("at a time"), second.text());
      assertEquals(1, chatsBy(token), "the refused message never reaches the backend");
      Response score = TestGatehouse.await(redis.send(Request.cmd(Command.GET).arg("gatehouse:violations:concurrent:user:" + id)));
      assertEquals(1, score.toLong(), "the user is scored, as well as the address");

      hold.complete();
      TestGatehouse.await(ended);
      assertEquals(String.join("", Upstream.CHUNKS), received.toString());
      // the pending count drops when the proxied answer ends, just after the client has it
      eventually("the pending message is released", () -> {
        Response pending = TestGatehouse.await(redis.send(Request.cmd(Command.GET).arg("gatehouse:pending:" + id)));
        return pending == null || pending.toLong() == 0;
      });

      Http.Answer third = message(http, token, CHROME, null);
      assertEquals(200, third.status(), third.text());
      assertEquals(2, chatsBy(token));
    } finally {
      TestGatehouse.await(client.close());
    }
  }

  @Test
  @DisplayName("limits messages per IP: the third within the window is a 429 with Retry-After, before the backend")
  void messagesPerIp() {
    Http http = limited.http();
    String first = tokenOf(http, "ip-one@example.com");
    String second = tokenOf(http, "ip-two@example.com");
    assertEquals(200, message(http, first, CHROME, "192.0.2.10").status());
    assertEquals(200, message(http, first, CHROME, "192.0.2.10").status());
    // another user, so only the address's count is over
    Http.Answer third = message(http, second, CHROME, "192.0.2.10");
    assertEquals(429, third.status(), third.text());
    assertEquals(TOO_MANY, third.json().getString("message"));
    long retry = Long.parseLong(third.header("Retry-After"));
    assertTrue(retry >= 1 && retry <= 60, "Retry-After " + retry);
    assertEquals("2", third.header("X-RateLimit-Limit"));
    assertEquals("0", third.header("X-RateLimit-Remaining"));
    assertNotNull(third.header("X-RateLimit-Reset"));
    assertEquals(0, chatsBy(second));
    assertEquals(200, message(http, second, CHROME, "192.0.2.11").status(), "another address is not limited");
  }

  @Test
  @DisplayName("limits messages per user: the third within the window is a 429 whatever the address, scored to user and address")
  void messagesPerUser() {
    Http http = limited.http();
    String token = tokenOf(http, "user-limited@example.com");
    String id = idOf(http, token);
    assertEquals(200, message(http, token, CHROME, "192.0.2.21").status());
    assertEquals(200, message(http, token, CHROME, "192.0.2.22").status());
    Http.Answer third = message(http, token, CHROME, "192.0.2.23");
    assertEquals(429, third.status(), third.text());
    assertEquals(TOO_MANY, third.json().getString("message"));
    assertNotNull(third.header("Retry-After"));
    assertEquals(2, chatsBy(token));
    // the access token proves whose message it was: the user and the address are scored together
    try (RedisPeek peek = new RedisPeek(limited.vertx(), limited.redisUri())) {
      assertEquals(1, peek.counter("gatehouse:violations:message_limit:user:" + id));
      assertEquals(1, peek.counter("gatehouse:violations:message_limit:ip:192.0.2.23"));
    }
  }

  @Test
  @DisplayName("answers a non-browser message with 403 Illegal request when it does not ban")
  void illegalRequest() {
    Http http = limited.http();
    String token = tokenOf(http, "curl-noban@example.com");
    Http.Answer curl = message(http, token, "curl/8.4.0", "192.0.2.30");
    assertEquals(403, curl.status());
    assertEquals("{\"message\":\"Illegal request\"}", curl.text());
    assertEquals(0, chatsBy(token));
  }

  @Test
  @DisplayName("guards message routes whatever the letter case of the path, as Express matches them")
  void messageRouteCase() {
    Http http = limited.http();
    String token = tokenOf(http, "curl-case@example.com");
    Http.Answer curl = http.post("/api/AGENTS/Chat").bearer(token).header("User-Agent", "curl/8.4.0")
      .header("X-Forwarded-For", "192.0.2.31").json(new JsonObject().put("text", "hello"));
    assertEquals(403, curl.status(), curl.text());
    assertEquals("{\"message\":\"Illegal request\"}", curl.text());
  }

  @Test
  @DisplayName("passes LibreChat's public routes on without a login, after the address ban check")
  void publicRoutes() {
    Http.Answer banner = gateway.http().get("/api/banner").send();
    assertEquals(200, banner.status(), banner.text());
    assertTrue(upstream.saw("/api/banner"));
    Http.Answer share = gateway.http().get("/api/Share/abc").send();
    assertEquals(200, share.status(), share.text());
  }

  @Test
  @DisplayName("keeps a connection usable after refusing a large body it did not read")
  void drainsRefusedBodies() throws Exception {
    io.vertx.core.http.HttpClient client = gateway.vertx().createHttpClient(
      new io.vertx.core.http.HttpClientOptions().setKeepAlive(true),
      new io.vertx.core.http.PoolOptions().setHttp1MaxSize(1));
    try {
      io.vertx.core.buffer.Buffer big = io.vertx.core.buffer.Buffer.buffer(new byte[512 * 1024]);
      int refused = client.request(io.vertx.core.http.HttpMethod.POST, gateway.port(), "127.0.0.1", "/api/convos")
        .compose(request -> request.send(big)).compose(response -> response.body().map(response.statusCode()))
        .await(20, TimeUnit.SECONDS);
      assertEquals(401, refused);
      int next = client.request(io.vertx.core.http.HttpMethod.GET, gateway.port(), "127.0.0.1", "/health")
        .compose(io.vertx.core.http.HttpClientRequest::send).map(io.vertx.core.http.HttpClientResponse::statusCode)
        .await(20, TimeUnit.SECONDS);
      assertEquals(200, next, "the same kept-alive connection answers the next request");
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("proxies nothing without UPSTREAM_URL: an unknown /api path is 404 Not Found")
  void noUpstream() {
    try (TestGatehouse plain = TestGatehouse.start()) {
      Http.Answer anonymous = plain.http().get("/api/convos").send();
      assertEquals(404, anonymous.status());
      assertEquals("{\"message\":\"Not Found\"}", anonymous.text());
      String token = tokenOf(plain.http(), "plain@example.com");
      Http.Answer chat = message(plain.http(), token, CHROME, null);
      assertEquals(404, chat.status());
      assertEquals("{\"message\":\"Not Found\"}", chat.text());
    }
    assertFalse(upstream.saw("/api/convos"));
  }
}
