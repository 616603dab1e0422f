package io.gatehouse.moderation;

import static io.gatehouse.moderation.Storms.assertLimited;
import static io.gatehouse.moderation.Storms.wrongLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.testing.RedisPeek;
import io.gatehouse.testing.TestGatehouse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The client address of limiters and scores under TRUST_PROXY")
class TrustProxyTest {
  private static final String NOBODY = "nobody@example.com";

  private TestGatehouse trustsNone;
  private TestGatehouse trustsOne;

  @BeforeAll
  void start() {
    trustsNone = TestGatehouse.start(Map.of("TRUST_PROXY", "0", "LOGIN_MAX", "2", "LOGIN_WINDOW", "1"));
    trustsOne = TestGatehouse.start(Map.of("TRUST_PROXY", "1", "LOGIN_MAX", "2", "LOGIN_WINDOW", "1"));
  }

  @AfterAll
  void stop() {
    trustsNone.close();
    trustsOne.close();
  }

  @Test
  @DisplayName("TRUST_PROXY=0 ignores X-Forwarded-For: varying it does not escape the limit of the socket's address")
  void zeroTrustsNoProxy() {
    assertEquals(404, wrongLogin(trustsNone.http(), NOBODY, "10.4.0.1").status());
    assertEquals(404, wrongLogin(trustsNone.http(), NOBODY, "10.4.0.2").status());
    assertLimited(wrongLogin(trustsNone.http(), NOBODY, "10.4.0.3"), Storms.LOGIN_LIMITED, 2, 60);
    assertLimited(wrongLogin(trustsNone.http(), NOBODY, "10.4.0.4, 10.4.0.5"), Storms.LOGIN_LIMITED, 2, 60);
    try (RedisPeek redis = new RedisPeek(trustsNone.vertx(), trustsNone.redisUri())) {
      assertEquals(4, redis.counter("gatehouse:limit:login_limiter:127.0.0.1"));
      assertEquals(2, redis.counter("gatehouse:violations:logins:ip:127.0.0.1"));
      assertEquals(List.of("gatehouse:limit:login_limiter:127.0.0.1"), redis.keys("gatehouse:limit:*"));
    }
  }

  @Test
  @DisplayName("TRUST_PROXY=1 takes the nearest X-Forwarded-For hop: each value is its own client, whatever lies before it")
  void oneTrustsOneHop() {
    for (int client = 1; client <= 4; client++) {
      assertEquals(404, wrongLogin(trustsOne.http(), NOBODY, "10.5.0." + client).status());
      assertEquals(404, wrongLogin(trustsOne.http(), NOBODY, "10.5.0." + client).status());
    }
    assertLimited(wrongLogin(trustsOne.http(), NOBODY, "10.5.0.1"), Storms.LOGIN_LIMITED, 2, 60);
    // a spoofed first hop does not make a new client: the proxy's own entry (the last) counts
    assertLimited(wrongLogin(trustsOne.http(), NOBODY, "203.0.113.7, 10.5.0.2"), Storms.LOGIN_LIMITED, 2, 60);
    assertEquals(404, wrongLogin(trustsOne.http(), NOBODY, "10.5.0.1, 10.5.0.5").status());
    try (RedisPeek redis = new RedisPeek(trustsOne.vertx(), trustsOne.redisUri())) {
      assertEquals(3, redis.counter("gatehouse:limit:login_limiter:10.5.0.1"));
      assertEquals(1, redis.counter("gatehouse:violations:logins:ip:10.5.0.1"));
      assertEquals(1, redis.counter("gatehouse:violations:logins:ip:10.5.0.2"));
      assertEquals(0, redis.counter("gatehouse:limit:login_limiter:127.0.0.1"), "the proxy itself is never the client");
    }
  }
}
