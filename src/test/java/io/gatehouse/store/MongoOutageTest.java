package io.gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoServer;
import io.gatehouse.embedded.storage.Storage;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A MongoDB outage in three acts, in order, under one running node: before, during (the Mongo-wire
 * server is stopped) and after (it is started again on the same port with the same H2 file).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("A MongoDB outage")
class MongoOutageTest {
  private static final String UNAVAILABLE = new JsonObject().put("message", "Service temporarily unavailable").encode();
  /** Every answer during the outage must come within this; the test client waits 60 s. */
  private static final long BOUND_MS = 7_000;
  private static final Duration RECOVERY = Duration.ofSeconds(15);
  private static final String EMAIL = "steady@example.com";
  private static final String DURING_EMAIL = "during@example.com";
  private static final String UNCACHED_EMAIL = "uncached@example.com";

  private Path mongoFile;
  private int mongoPort;
  private Storage backend;
  private MongoServer mongoServer;
  private TestGatehouse server;
  private Http http;
  private String token;
  private String refreshToken;
  private String uncachedToken;

  @BeforeAll
  void start() throws IOException {
    mongoFile = Files.createTempDirectory("gatehouse-outage-mongo-").resolve("mongo.mv.db");
    mongoPort = TestGatehouse.freePort();
    startMongo();
    server = TestGatehouse.start(Map.of("MONGO_URI", "mongodb://127.0.0.1:" + mongoPort + "/LibreChat",
      "JWT_SECRET", "outage-access-secret-0123456789abcdef", "JWT_REFRESH_SECRET", "outage-refresh-secret-0123456789abcdef"));
    http = server.http();
  }

  @AfterAll
  void stop() {
    server.close();
    stopMongo();
  }

  private void startMongo() {
    backend = Storage.open(mongoFile);
    mongoServer = new MongoServer(backend);
    mongoServer.bind("127.0.0.1", mongoPort);
  }

  private void stopMongo() {
    if (mongoServer != null) {
      mongoServer.shutdownNow();
      backend.close();
      mongoServer = null;
    }
  }

  private Http.Answer readyz() {
    return http.get("/readyz").send();
  }

  private Http.Answer refresh(String cookie) {
    return http.post("/api/auth/refresh").cookie("refreshToken", cookie).send();
  }

  /** Runs the request, asserts it answered within the bound, and prints how long it took. */
  private static Http.Answer timed(String what, Supplier<Http.Answer> request) {
    long start = System.nanoTime();
    Http.Answer answer = request.get();
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.println("outage answer time: " + what + " -> " + answer.status() + " in " + ms + " ms");
    assertTrue(ms <= BOUND_MS, what + " took " + ms + " ms, more than " + BOUND_MS);
    return answer;
  }

  private static void assertUnavailable(Http.Answer answer) {
    assertEquals(503, answer.status(), answer.text());
    assertEquals(UNAVAILABLE, answer.text());
  }

  @Test
  @Order(1)
  @DisplayName("before it: a user registers, logs in and is cached; /readyz is ready")
  void before() {
    Http.Answer session = Accounts.registerAndLogin(http, EMAIL);
    token = session.json().getString("token");
    refreshToken = session.cookie("refreshToken");
    assertNotNull(refreshToken);
    assertEquals(200, http.get("/api/user").bearer(token).send().status());
    // logged in, but never asked for its profile: not in the cache
    uncachedToken = Accounts.registerAndLogin(http, UNCACHED_EMAIL).json().getString("token");
    Http.Answer ready = readyz();
    assertEquals(200, ready.status(), ready.text());
  }

  @Test
  @Order(2)
  @DisplayName("during it: login, register and refresh answer 503 in bounded time, /readyz names Mongo, the cached user still answers")
  void during() {
    stopMongo();

    Http.Answer notReady = timed("readyz", this::readyz);
    assertEquals(503, notReady.status(), notReady.text());
    assertEquals("unavailable", notReady.json().getString("status"));
    assertTrue(notReady.json().getString("mongo").startsWith("down"), notReady.text());
    assertEquals("up", notReady.json().getString("redis"));

    assertUnavailable(timed("login", () -> Accounts.loginAttempt(http, EMAIL, Accounts.PASSWORD)));
    Http.Answer registered = timed("register", () -> http.post("/api/auth/register").json(Accounts.registration(DURING_EMAIL)));
    assertUnavailable(registered);
    assertUnavailable(timed("refresh", () -> refresh(refreshToken)));

    // a user already in the in-memory cache is answered without the store
    Http.Answer user = timed("cached user", () -> http.get("/api/user").bearer(token).send());
    assertEquals(200, user.status(), user.text());
    assertEquals(EMAIL, user.json().getString("email"));
    // one that is not needs the store
    assertUnavailable(timed("uncached user", () -> http.get("/api/user").bearer(uncachedToken).send()));
    assertUnavailable(timed("logout", () -> http.post("/api/auth/logout").bearer(token)
      .cookie("refreshToken", refreshToken).send()));

    // many at once: none hangs, none is a 500
    long start = System.nanoTime();
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      burst.add(http.post("/api/auth/login").jsonAsync(new JsonObject().put("email", EMAIL).put("password", Accounts.PASSWORD)));
      burst.add(http.post("/api/auth/refresh").cookie("refreshToken", refreshToken).sendAsync());
    }
    for (Future<HttpResponse<Buffer>> answer : burst) {
      HttpResponse<Buffer> response = TestGatehouse.await(answer);
      assertEquals(503, response.statusCode(), response.bodyAsString());
      assertEquals(UNAVAILABLE, response.bodyAsString());
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.println("outage answer time: burst of 20 -> 503 in " + ms + " ms");
    assertTrue(ms <= BOUND_MS, "the burst took " + ms + " ms");
  }

  @Test
  @Order(3)
  @DisplayName("after it: the node recovers by itself and nothing was half written")
  void after() {
    startMongo();
    Http.Answer ready = Eventually.until(RECOVERY, "/readyz reports Mongo up", this::readyz,
      answer -> answer.status() == 200);
    assertEquals("ready", ready.json().getString("status"));
    assertEquals("up", ready.json().getString("mongo"));

    Http.Answer session = Eventually.until(RECOVERY, "login works again",
      () -> Accounts.loginAttempt(http, EMAIL, Accounts.PASSWORD), answer -> answer.status() == 200);
    // the refresh refused during the outage rotated nothing: the token from before it still works
    Http.Answer kept = refresh(refreshToken);
    assertEquals(200, kept.status(), kept.text());
    Http.Answer refreshed = refresh(session.cookie("refreshToken"));
    assertEquals(200, refreshed.status(), refreshed.text());
    assertEquals(200, http.get("/api/user").bearer(refreshed.json().getString("token")).send().status());

    // the registration tried during the outage exists whole or not at all
    List<JsonObject> during = TestGatehouse.await(server.mongo().find(Collections.USERS,
      new JsonObject().put("email", DURING_EMAIL)));
    assertTrue(during.size() <= 1, "at most one document: " + during);
    for (JsonObject user : during) {
      for (String field : List.of("name", "email", "password", "provider", "role", "createdAt", "updatedAt")) {
        assertNotNull(user.getValue(field), "a complete document, missing " + field + ": " + user);
      }
    }
    // and whatever it left behind, registering that email now works or answers the generic way
    Http.Answer again = http.post("/api/auth/register").json(Accounts.registration(DURING_EMAIL));
    assertEquals(200, again.status(), again.text());
    assertEquals(200, Accounts.loginAttempt(http, DURING_EMAIL, Accounts.PASSWORD).status());
    assertEquals(1, TestGatehouse.await(server.mongo().count(Collections.USERS, new JsonObject().put("email", DURING_EMAIL))));
  }
}
