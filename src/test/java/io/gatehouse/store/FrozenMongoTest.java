package io.gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.FreezingProxy;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.TestGatehouse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A MongoDB that hangs without closing its connections (a frozen VM, a stalled disk): a request that
 * needs it gets 503 within seconds, not after REQUEST_TIMEOUT, and the node recovers when it answers again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A frozen MongoDB")
class FrozenMongoTest {
  /** socketTimeoutMS (5 s) plus the answer's way back; REQUEST_TIMEOUT (30 s) would be the bound without it. */
  private static final long BOUND_MS = 12_000;
  private static final String EMAIL = "frozen@example.com";

  private MongoServer mongo;
  private FreezingProxy proxy;
  private TestGatehouse server;
  private Http http;

  @BeforeAll
  void start() throws Exception {
    mongo = new MongoServer(new MemoryBackend());
    mongo.bind("127.0.0.1", 0);
    proxy = FreezingProxy.to(mongo.getLocalAddress().getPort());
    server = TestGatehouse.start(Map.of("MONGO_URI", "mongodb://127.0.0.1:" + proxy.port() + "/LibreChat",
      "JWT_SECRET", "frozen-access-secret-0123456789abcdef", "JWT_REFRESH_SECRET", "frozen-refresh-secret-0123456789abcdef"));
    http = server.http();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    proxy.close();
    mongo.shutdownNow();
  }

  private static Http.Answer timed(String what, Supplier<Http.Answer> request) {
    long start = System.nanoTime();
    Http.Answer answer = request.get();
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(ms <= BOUND_MS, what + " took " + ms + " ms, more than " + BOUND_MS);
    return answer;
  }

  @Test
  @DisplayName("answers 503 within seconds while it hangs, and logs in again once it answers")
  void boundedWhileFrozen() {
    Accounts.register(http, EMAIL);
    assertEquals(200, Accounts.loginAttempt(http, EMAIL, Accounts.PASSWORD).status());

    proxy.freeze();
    Http.Answer login = timed("login", () -> Accounts.loginAttempt(http, EMAIL, Accounts.PASSWORD));
    assertEquals(503, login.status(), login.text());
    assertEquals("Service temporarily unavailable", login.json().getString("message"));

    proxy.thaw();
    Eventually.until(Duration.ofSeconds(30), "a login once Mongo answers again",
      () -> Accounts.loginAttempt(http, EMAIL, Accounts.PASSWORD).status(), status -> status == 200);
  }
}
