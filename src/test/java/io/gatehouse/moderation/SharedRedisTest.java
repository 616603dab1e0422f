package io.gatehouse.moderation;

import static io.gatehouse.moderation.Storms.assertBanned;
import static io.gatehouse.moderation.Storms.assertLimited;
import static io.gatehouse.moderation.Storms.describe;
import static io.gatehouse.moderation.Storms.login;
import static io.gatehouse.moderation.Storms.wrongLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.RedisPeek;
import io.gatehouse.testing.TestGatehouse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Two nodes sharing one Redis and one Mongo")
class SharedRedisTest {
  private static final Duration PROPAGATION = Duration.ofSeconds(1);
  private static final Map<String, String> MODERATION = Map.of("BAN_VIOLATIONS", "true", "LOGIN_MAX", "4",
    "LOGIN_WINDOW", "1", "BAN_INTERVAL", "3", "BAN_DURATION", "60000");

  private TestGatehouse nodeA;
  private TestGatehouse nodeB;
  private Http a;
  private Http b;
  private RedisPeek redis;

  @BeforeAll
  void start() {
    nodeA = TestGatehouse.start(MODERATION);
    nodeB = TestGatehouse.joining(nodeA, MODERATION);
    a = nodeA.http();
    b = nodeB.http();
    redis = new RedisPeek(nodeA.vertx(), nodeA.redisUri());
  }

  @AfterAll
  void stop() {
    redis.close();
    nodeB.close();
    nodeA.close();
  }

  @Test
  @DisplayName("count login hits on either node in one window: two on A and two on B spend it, the fifth is refused on both")
  void shareCounters() {
    String ip = "10.6.1.1";
    Http[] order = {a, a, b, b};
    for (int i = 0; i < order.length; i++) {
      Http.Answer answer = wrongLogin(order[i], "nobody@example.com", ip);
      assertEquals(404, answer.status(), answer.text());
      assertEquals(String.valueOf(3 - i), answer.header("X-RateLimit-Remaining"), "one window across both nodes");
    }
    assertLimited(wrongLogin(b, "nobody@example.com", ip), Storms.LOGIN_LIMITED, 4, 60);
    assertLimited(wrongLogin(a, "nobody@example.com", ip), Storms.LOGIN_LIMITED, 4, 60);
    assertEquals(6, redis.counter("gatehouse:limit:login_limiter:" + ip));
    assertEquals(2, redis.counter("gatehouse:violations:logins:ip:" + ip), "one score across both nodes");
  }

  @Test
  @DisplayName("a ban on A refuses the user, the address and the token on B within a second; an unban lifts it on both")
  void shareBans() {
    String ip = "10.6.2.1";
    Accounts.register(a, "shared@example.com");
    Storms.Session onB = Storms.session(b, "shared@example.com", "10.6.2.9");
    assertEquals(200, b.get("/api/user").header("X-Forwarded-For", "10.6.2.9").bearer(onB.token()).send().status());

    // from the account's own browser (its device cookie, valid on every node): the account is scored too
    for (int i = 0; i < 4; i++) {
      assertEquals(404, wrongLogin(i % 2 == 0 ? a : b, onB, ip).status());
    }
    assertEquals(429, wrongLogin(a, onB, ip).status());
    assertEquals(429, wrongLogin(a, onB, ip).status());
    assertBanned(wrongLogin(a, onB, ip), 60);

    Http.Answer account = Eventually.until(PROPAGATION, "B refuses the banned account",
      () -> login(b, "shared@example.com", "10.6.2.3"), answer -> answer.status() != 200);
    assertBanned(account, 60);
    assertBanned(login(b, "someone@example.com", ip), 60);
    Http.Answer token = Eventually.until(PROPAGATION, "B refuses the banned user's token",
      () -> b.get("/api/user").header("X-Forwarded-For", "10.6.2.9").bearer(onB.token()).send(),
      answer -> answer.status() != 200);
    assertTrue(token.status() == 401 || token.status() == 403, describe(token));

    BanStore bans = redis.bans();
    assertTrue(TestGatehouse.await(bans.unban("user:" + onB.userId())).wasBanned());
    assertTrue(TestGatehouse.await(bans.unban("ip:" + ip)).wasBanned());
    for (Http node : List.of(a, b)) {
      Http.Answer back = Eventually.until(PROPAGATION, "the unban reaches every node",
        () -> login(node, "shared@example.com", "10.6.2.4"), answer -> answer.status() == 200);
      assertEquals(200, back.status());
      // the address is let through to its limiter again, whose window is still spent
      assertLimited(wrongLogin(node, "shared@example.com", ip), Storms.LOGIN_LIMITED, 4, 60);
    }
  }
}
