package io.gatehouse.moderation;

import static io.gatehouse.moderation.Storms.assertBanned;
import static io.gatehouse.moderation.Storms.assertLimited;
import static io.gatehouse.moderation.Storms.describe;
import static io.gatehouse.moderation.Storms.login;
import static io.gatehouse.moderation.Storms.wrongLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.Http;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A login storm from one address, sent by the account's own browser (its device cookie)")
class LoginStormTest extends NodeSuite {
  private static final long BAN_MS = 3000;

  @Override
  protected Map<String, String> variables() {
    return Map.of("BAN_VIOLATIONS", "true", "LOGIN_MAX", "3", "LOGIN_WINDOW", "1",
      "LOGIN_VIOLATION_SCORE", "1", "BAN_INTERVAL", "3", "BAN_DURATION", String.valueOf(BAN_MS));
  }

  /** Three wrong passwords pass the limiter, two more are refused and score 1 and 2, the sixth scores 3: banned. */
  private long stormUntilBanned(Storms.Session owner, String ip) {
    for (int i = 0; i < 3; i++) {
      assertEquals(404, wrongLogin(http, owner, ip).status());
    }
    assertEquals(429, wrongLogin(http, owner, ip).status());
    assertEquals(429, wrongLogin(http, owner, ip).status());
    long before = System.currentTimeMillis();
    assertBanned(wrongLogin(http, owner, ip), BAN_MS / 1000);
    return before;
  }

  @Test
  @DisplayName("answers 404s with rate-limit headers, then 429s with Retry-After, then a 403 ban recorded in Redis")
  void escalates() {
    Accounts.register(http, "storm@example.com");
    Storms.Session owner = Storms.session(http, "storm@example.com", "10.0.1.9");
    String userId = owner.userId();
    String ip = "10.0.1.1";
    for (int i = 1; i <= 3; i++) {
      long nowSeconds = System.currentTimeMillis() / 1000;
      Http.Answer answer = wrongLogin(http, owner, ip);
      assertEquals(404, answer.status(), answer.text());
      assertEquals(Storms.BAD_CREDENTIALS, answer.text());
      assertEquals("3", answer.header("X-RateLimit-Limit"));
      assertEquals(String.valueOf(3 - i), answer.header("X-RateLimit-Remaining"));
      long reset = Long.parseLong(answer.header("X-RateLimit-Reset"));
      assertTrue(reset >= nowSeconds && reset <= nowSeconds + 61, "X-RateLimit-Reset is the window's end in epoch seconds: " + reset);
      assertNull(answer.header("Retry-After"), "only refusals say when to retry");
    }
    assertLimited(wrongLogin(http, owner, ip), Storms.LOGIN_LIMITED, 3, 60);
    assertLimited(wrongLogin(http, owner, ip), Storms.LOGIN_LIMITED, 3, 60);
    assertBanned(wrongLogin(http, owner, ip), BAN_MS / 1000);

    JsonObject userBan = new JsonObject(redis.get("gatehouse:ban:user:" + userId));
    JsonObject ipBan = new JsonObject(redis.get("gatehouse:ban:ip:" + ip));
    assertEquals("logins", userBan.getString("type"));
    assertEquals(BAN_MS, userBan.getLong("duration"));
    assertEquals(3, userBan.getLong("violation_count"));
    assertEquals(userId, ipBan.getString("user_id"));
    assertEquals(userBan.getLong("expiresAt"), ipBan.getLong("expiresAt"));
    long ttl = redis.pttl("gatehouse:ban:ip:" + ip);
    assertTrue(ttl > 0 && ttl <= BAN_MS, "the record expires with the ban: " + ttl);

    List<JsonObject> logged = redis.list("gatehouse:violations:log").stream().map(JsonObject::new)
      .filter(record -> ip.equals(record.getString("ip"))).toList();
    assertEquals(3, logged.size(), logged.toString());
    logged.forEach(record -> {
      assertEquals("logins", record.getString("type"));
      assertEquals(userId, record.getString("user_id"));
      assertEquals(1, record.getLong("score"));
    });

    // the ban check runs before the limiter: a banned client is answered 403 and scores nothing more
    assertBanned(wrongLogin(http, owner, ip), BAN_MS / 1000);
    assertBanned(wrongLogin(http, "someone-else@example.com", ip), BAN_MS / 1000);
    assertEquals(3, redis.counter("gatehouse:violations:logins:ip:" + ip));
    assertEquals(3, redis.counter("gatehouse:violations:logins:user:" + userId));
  }

  @Test
  @DisplayName("bans the account and the address: correct password, bearer token, refresh cookie and other users there are refused")
  void bansUserAndAddress() {
    String ip = "10.0.2.1";
    Accounts.register(http, "victim@example.com");
    Accounts.register(http, "bystander@example.com");
    Accounts.register(http, "outsider@example.com");
    Storms.Session victim = Storms.session(http, "victim@example.com", "10.0.2.9");
    Storms.Session bystander = Storms.session(http, "bystander@example.com", "10.0.2.8");

    long bannedAt = stormUntilBanned(victim, ip);

    // the account's ban shows only to whoever knows its password: a wrong one still gets the usual 404
    assertEquals(404, wrongLogin(http, "victim@example.com", "10.0.2.5").status(), "no oracle of who is banned");
    assertBanned(login(http, "victim@example.com", ip), BAN_MS / 1000);
    Http.Answer viaQuery = http.post("/api/auth/login?email=victim@example.com&password=" + Accounts.PASSWORD.replace(" ", "%20"))
      .header("X-Forwarded-For", "10.0.2.4").send();
    assertBanned(viaQuery, BAN_MS / 1000);
    assertBanned(login(http, "bystander@example.com", ip), BAN_MS / 1000);
    assertBanned(login(http, "victim@example.com", "10.0.2.3"), BAN_MS / 1000);
    assertEquals(200, login(http, "outsider@example.com", "10.0.2.3").status());

    Http.Answer refresh = http.post("/api/auth/refresh").cookie("refreshToken", victim.refreshToken()).send();
    assertEquals(401, refresh.status(), "the ban deleted the victim's sessions: " + refresh.text());
    assertEquals("Refresh token expired or not found for this user", refresh.text());

    // bearer routes check bans before revocations, so the banned user is told why (403, Retry-After)
    assertBanned(http.get("/api/user").header("X-Forwarded-For", "10.0.2.7").bearer(victim.token()).send(),
      BAN_MS / 1000);

    assertBanned(http.get("/api/user").header("X-Forwarded-For", ip).bearer(bystander.token()).send(), BAN_MS / 1000);
    assertEquals(200, http.get("/api/user").header("X-Forwarded-For", "10.0.2.8").bearer(bystander.token()).send().status());
    assertTrue(System.currentTimeMillis() - bannedAt < BAN_MS,
      "the checks above must run within the " + BAN_MS + " ms ban; this machine was too slow for them");
  }

  @Test
  @DisplayName("lifts the ban by itself after BAN_DURATION, with no restart")
  void liftsByItself() {
    Accounts.register(http, "lifted@example.com");
    Storms.Session owner = Storms.session(http, "lifted@example.com", "10.0.3.9");
    String userId = owner.userId();
    String ip = "10.0.3.1";
    long bannedAt = stormUntilBanned(owner, ip);

    // each poll from an address of its own: the account's ban shows after the limiter counted the request
    java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger(10);
    Http.Answer back = Eventually.until(Duration.ofSeconds(8), "the ban lifted",
      () -> login(http, "lifted@example.com", "10.0.3." + polls.incrementAndGet()),
      answer -> {
        if (answer.status() == 403) {
          assertEquals(Storms.BANNED, answer.text());
          return false;
        }
        return true;
      });
    assertEquals(200, back.status(), describe(back));
    assertTrue(System.currentTimeMillis() - bannedAt >= BAN_MS, "not lifted before its end");
    assertNull(redis.get("gatehouse:ban:user:" + userId));
    assertNull(redis.get("gatehouse:ban:ip:" + ip));
    // the address is no longer banned: its full login window answers again
    assertLimited(wrongLogin(http, "lifted@example.com", ip), Storms.LOGIN_LIMITED, 3, 60);
  }
}
