package io.gatehouse.moderation;

import static io.gatehouse.moderation.Storms.assertBanned;
import static io.gatehouse.moderation.Storms.login;
import static io.gatehouse.moderation.Storms.wrongLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.LogCapture;
import io.gatehouse.testing.NodeSuite;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Anonymous traffic naming an account scores only its sender (DESIGN §2 item 1): a stranger's storm
 * bans the stranger's address and spares the victim, and a spray from many addresses throttles unknown
 * browsers while the victim's own browser, holding its device cookie, logs in from anywhere.
 */
@DisplayName("Moderation that cannot be turned against its victims")
class VictimSparedTest extends NodeSuite {
  private static final int ACCOUNT_MAX = 4;
  private static final String THROTTLED = "{\"message\":\"Too many login attempts, please try again after 15 minutes.\"}";
  private final AtomicInteger addresses = new AtomicInteger();
  private final LogCapture logs = LogCapture.open();

  @Override
  protected Map<String, String> variables() {
    return Map.of("BAN_VIOLATIONS", "true", "LOGIN_MAX", "3", "LOGIN_WINDOW", "1", "LOGIN_VIOLATION_SCORE", "1",
      "BAN_INTERVAL", "3", "BAN_DURATION", "60000", "LOGIN_ACCOUNT_MAX", String.valueOf(ACCOUNT_MAX));
  }

  @AfterAll
  void closeLogs() {
    logs.close();
  }

  /** A fresh address each time: the per-address limiter never sees more than one request. */
  private String nextAddress() {
    int n = addresses.incrementAndGet();
    return "10.9." + (n >> 8) + "." + (n & 255);
  }

  /** Logs in from a fresh address and answers the device cookie the login set. */
  private String deviceOf(String email) {
    Http.Answer answer = login(http, email, nextAddress());
    assertEquals(200, answer.status(), answer.text());
    String device = answer.cookie("gatehouse_device");
    assertNotNull(device, "every login sets a device cookie");
    return device;
  }

  /** {@code ACCOUNT_MAX} wrong passwords for the email, each from another address. */
  private void spray(String email) {
    for (int i = 0; i < ACCOUNT_MAX; i++) {
      assertEquals(404, wrongLogin(http, email, nextAddress()).status());
    }
  }

  private static void assertThrottled(Http.Answer answer) {
    assertEquals(429, answer.status(), answer.text());
    assertEquals(THROTTLED, answer.text());
    long retryAfter = Long.parseLong(answer.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 15 * 60, "Retry-After " + retryAfter);
  }

  @Test
  @DisplayName("a stranger's storm bans the stranger's address only: the victim's token, refresh cookie and login keep working")
  void strangerStormSparesVictim() {
    Accounts.register(http, "bob@example.com");
    Storms.Session bob = Storms.session(http, "bob@example.com", "10.8.0.2");
    String stranger = "10.8.0.66";
    for (int i = 0; i < 3; i++) {
      assertEquals(404, wrongLogin(http, "bob@example.com", stranger).status());
    }
    assertEquals(429, wrongLogin(http, "bob@example.com", stranger).status());
    assertEquals(429, wrongLogin(http, "bob@example.com", stranger).status());
    assertBanned(wrongLogin(http, "bob@example.com", stranger), 60);

    assertNull(redis.get("gatehouse:ban:user:" + bob.userId()), "the account named in the form is not banned");
    assertEquals(0, redis.counter("gatehouse:violations:logins:user:" + bob.userId()), "nor scored");
    JsonObject ipBan = new JsonObject(redis.get("gatehouse:ban:ip:" + stranger));
    assertNull(ipBan.getString("user_id"));
    redis.list("gatehouse:violations:log").stream().map(JsonObject::new)
      .filter(record -> stranger.equals(record.getString("ip")))
      .forEach(record -> assertNull(record.getString("user_id"), record.encode()));

    assertEquals(200, http.get("/api/user").header("X-Forwarded-For", "10.8.0.2").bearer(bob.token()).send().status());
    Http.Answer refresh = http.post("/api/auth/refresh").header("X-Forwarded-For", "10.8.0.2")
      .cookie("refreshToken", bob.refreshToken()).send();
    assertEquals(200, refresh.status(), refresh.text());
    assertEquals(200, login(http, "bob@example.com", "10.8.0.3").status());
    // the banned address is refused, whoever it names
    assertBanned(login(http, "bob@example.com", stranger), 60);
  }

  @Test
  @DisplayName("a spray from many addresses throttles unknown browsers, even with the right password; the victim's device logs in")
  void sprayThrottlesUnknownBrowsers() {
    Accounts.register(http, "alice@example.com");
    String device = deviceOf("alice@example.com");
    spray("alice@example.com");

    assertThrottled(login(http, "alice@example.com", nextAddress()));
    Http.Answer own = login(http, "alice@example.com", Accounts.PASSWORD, nextAddress(), device);
    assertEquals(200, own.status(), own.text());
    assertNotNull(own.cookie("refreshToken"));
    assertNotNull(own.cookie("gatehouse_device"), "a new device cookie with every login");
    assertTrue(redis.keys("gatehouse:ban:*").stream().noneMatch(key -> key.contains("user:")), "no account is banned");
    assertTrue(logs.lines().stream().anyMatch(line -> line.startsWith("gatehouse.security login ")
      && line.contains("reason=\"throttled_account\"")), "a throttled login is a security event");
  }

  @Test
  @DisplayName("an unknown email is throttled exactly like a real one: the throttle tells nobody which accounts exist")
  void unknownEmailThrottledAlike() {
    spray("nobody-here@example.com");
    assertThrottled(login(http, "nobody-here@example.com", nextAddress()));
  }

  @Test
  @DisplayName("a forged, expired, other-account or tampered device cookie counts as none")
  void badDeviceCookiesCountAsNone() {
    Accounts.register(http, "carol@example.com");
    Accounts.register(http, "dave@example.com");
    String carols = deviceOf("carol@example.com");
    String daves = deviceOf("dave@example.com");
    spray("carol@example.com");

    String[] parts = carols.split("\\.");
    String tampered = String.join(".", parts[0], parts[1], parts[2], parts[3], String.valueOf(Long.MAX_VALUE), parts[5]);
    String expired = String.join(".", parts[0], parts[1], parts[2], parts[3], parts[3], parts[5]);
    String otherAccount = String.join(".", parts[0], daves.split("\\.")[1], parts[2], parts[3], parts[4], parts[5]);
    String forged = "v1." + parts[1] + ".AAAAAAAAAAAAAAAAAAAAAA." + parts[3] + "." + parts[4] + ".forged-mac";
    for (String bad : List.of(daves, tampered, expired, otherAccount, forged, "garbage", "x".repeat(5000))) {
      assertThrottled(login(http, "carol@example.com", Accounts.PASSWORD, nextAddress(), bad));
    }
    assertEquals(200, login(http, "carol@example.com", Accounts.PASSWORD, nextAddress(), carols).status());
  }

  @Test
  @DisplayName("a device that itself fails LOGIN_ACCOUNT_MAX times loses its privilege for the window")
  void failingDeviceDistrusted() {
    Accounts.register(http, "erin@example.com");
    String device = deviceOf("erin@example.com");
    for (int i = 0; i < ACCOUNT_MAX; i++) {
      assertEquals(404, login(http, "erin@example.com", Storms.WRONG_PASSWORD, nextAddress(), device).status());
    }
    assertThrottled(login(http, "erin@example.com", Accounts.PASSWORD, nextAddress(), device));
    assertTrue(logs.lines().stream().anyMatch(line -> line.startsWith("gatehouse.security login ")
      && line.contains("reason=\"device_distrusted\"")), "a distrusted device is a security event");
  }

  @Test
  @DisplayName("refused attempts guess nothing: a request the address limiter refused does not count against the account")
  void refusedAttemptsDoNotCount() {
    Accounts.register(http, "frank@example.com");
    String ip = nextAddress();
    assertEquals(200, login(http, "frank@example.com", ip).status());
    assertEquals(404, wrongLogin(http, "frank@example.com", ip).status());
    assertEquals(404, wrongLogin(http, "frank@example.com", ip).status());
    assertEquals(429, wrongLogin(http, "frank@example.com", ip).status(), "the address limiter answers first");
    assertEquals(404, wrongLogin(http, "frank@example.com", nextAddress()).status());
    // three failures counted, not four: the account is still below its limit
    assertEquals(200, login(http, "frank@example.com", nextAddress()).status());
    assertEquals(404, wrongLogin(http, "frank@example.com", nextAddress()).status());
    assertThrottled(login(http, "frank@example.com", nextAddress()));
  }
}
