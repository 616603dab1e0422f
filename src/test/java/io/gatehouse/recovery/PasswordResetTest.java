package io.gatehouse.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.moderation.Storms;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.LogCapture;
import io.gatehouse.testing.MailServer;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Store;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Password reset by mail, through a real SMTP server")
class PasswordResetTest extends NodeSuite {
  private static final String SUBJECT = "Password Reset Request";
  private static final String GENERIC =
    "{\"message\":\"If an account with that email exists, a password reset link has been sent to it.\"}";
  private static final String NEW_PASSWORD = "a brand new passphrase";
  private final MailServer mail = MailServer.start();
  private final LogCapture logs = LogCapture.open();
  private final List<String> secrets = new ArrayList<>();
  private final AtomicInteger addresses = new AtomicInteger();

  @Override
  protected Map<String, String> variables() {
    return mail.variables(Map.of("ALLOW_PASSWORD_RESET", "true"));
  }

  @AfterAll
  void noSecretLogged() {
    secrets.add(NEW_PASSWORD);
    logs.close();
    mail.close();
    assertEquals(List.of(), logs.containing(secrets), "no reset token, password or access token in any log line");
    assertTrue(logs.lines().stream().anyMatch(line -> line.startsWith("gatehouse.security password_reset ")
      && line.contains("outcome=\"success\"") && line.contains("reason=\"reset_link\"")), "a password_reset event");
  }

  /** A verified account seeded in the store, as an existing deployment has them. */
  private String seed(String email) {
    return Store.insert(server, Store.USERS, Store.localUser(email, PasswordHasher.hashNow(Accounts.PASSWORD), true));
  }

  /** Each request from its own address, so the reset limiter (2 per 2 minutes) stays out of the way. */
  private Http.Answer request(String email) {
    return http.post("/api/auth/requestPasswordReset").header("X-Forwarded-For", "10.7.0." + addresses.incrementAndGet())
      .json(new JsonObject().put("email", email));
  }

  private Http.Answer reset(String userId, String token, String password, String confirmation) {
    return http.post("/api/auth/resetPassword").json(new JsonObject().put("userId", userId).put("token", token)
      .put("password", password).put("confirm_password", confirmation));
  }

  private String mailedToken(String email, String userId, int count) {
    MailServer.Received received = mail.await(email, SUBJECT, count);
    assertEquals(userId, received.linkParameter("/reset-password", "userId"));
    String token = received.linkParameter("/reset-password", "token");
    secrets.add(token);
    return token;
  }

  @Test
  @DisplayName("answers known and unknown emails alike, never with a link, and mails only the known one")
  void noEnumeration() {
    String known = "known@example.com";
    String userId = seed(known);
    Http.Answer unknown = request("stranger@example.com");
    Http.Answer found = request(known);
    for (Http.Answer answer : List.of(unknown, found)) {
      assertEquals(200, answer.status(), answer.text());
      assertEquals(GENERIC, answer.text());
      assertFalse(answer.text().contains("reset-password"), "no link in the answer");
    }
    String token = mailedToken(known, userId, 1);
    assertTrue(token.matches("[0-9a-f]{64}"));
    MailServer.Received received = mail.await(known, SUBJECT, 1);
    assertTrue(received.html().contains(MailServer.CLIENT + "/reset-password?token="), received.html());
    assertEquals(List.of(), mail.mailsTo("stranger@example.com"));
  }

  @Test
  @DisplayName("a reset distrusts every device cookie of the account: the per-account throttle treats them as none")
  void resetDistrustsDevices() {
    String email = "devices@example.com";
    String userId = seed(email);
    String device = Accounts.login(http, email).cookie(Storms.DEVICE_COOKIE);
    secrets.add(device);
    for (int i = 0; i < 10; i++) {
      assertEquals(404, Storms.wrongLogin(http, email, "10.7.9." + i).status());
    }
    assertEquals(200, Storms.login(http, email, Accounts.PASSWORD, "10.7.9.100", device).status(),
      "the account's own browser passes its throttle");

    assertEquals(200, request(email).status());
    assertEquals(200, reset(userId, mailedToken(email, userId, 1), NEW_PASSWORD, NEW_PASSWORD).status());
    Http.Answer after = Storms.login(http, email, NEW_PASSWORD, "10.7.9.101", device);
    assertEquals(429, after.status(), "a device cookie issued before the reset no longer vouches: " + after.text());
  }

  @Test
  @DisplayName("a reset ends every session and access token, and only the new password logs in")
  void revokesEverything() {
    String email = "revoked@example.com";
    String userId = seed(email);
    Http.Answer first = Accounts.login(http, email);
    Http.Answer second = Accounts.login(http, email);
    String accessToken = first.json().getString("token");
    secrets.add(accessToken);
    assertEquals(200, http.get("/api/user").bearer(accessToken).send().status());

    assertEquals(200, request(email).status());
    Http.Answer done = reset(userId, mailedToken(email, userId, 1), NEW_PASSWORD, NEW_PASSWORD);
    assertEquals(200, done.status(), done.text());
    assertEquals("{\"message\":\"Password reset was successful\"}", done.text());

    for (Http.Answer login : List.of(first, second)) {
      Http.Answer refresh = http.post("/api/auth/refresh").cookie("refreshToken", login.cookie("refreshToken")).send();
      assertEquals(401, refresh.status(), refresh.text());
    }
    assertEquals(401, http.get("/api/user").bearer(accessToken).send().status(), "the access token is revoked");
    assertEquals(404, http.post("/api/auth/login")
      .json(new JsonObject().put("email", email).put("password", Accounts.PASSWORD)).status());
    assertEquals(200, http.post("/api/auth/login")
      .json(new JsonObject().put("email", email).put("password", NEW_PASSWORD)).status());
    MailServer.Received notice = mail.await(email, "Password Reset Successfully", 1);
    assertFalse(notice.text().contains("token"), notice.text());
  }

  @Test
  @DisplayName("a link works once, for 15 minutes, for its own account; bad links get LibreChat's 400 {}")
  void links() {
    String email = "links@example.com";
    String userId = seed(email);
    String otherId = seed("links-other@example.com");
    assertEquals(200, request(email).status());
    String token = mailedToken(email, userId, 1);

    for (Http.Answer bad : List.of(reset(otherId, token, NEW_PASSWORD, NEW_PASSWORD),
        reset(userId, "ab".repeat(32), NEW_PASSWORD, NEW_PASSWORD),
        reset("not-an-id", token, NEW_PASSWORD, NEW_PASSWORD),
        reset(userId, null, NEW_PASSWORD, NEW_PASSWORD))) {
      assertEquals(400, bad.status(), bad.text());
      assertEquals("{}", bad.text());
    }
    assertEquals(200, reset(userId, token, NEW_PASSWORD, NEW_PASSWORD).status());
    Http.Answer reused = reset(userId, token, "yet another passphrase", "yet another passphrase");
    assertEquals(400, reused.status());
    assertEquals("{}", reused.text());

    assertEquals(200, request(email).status());
    String stale = mailedToken(email, userId, 2);
    TestGatehouse.await(server.mongo().updateCollection("tokens", new JsonObject().put("type", "password_reset")
        .put("userId", new JsonObject().put("$oid", userId)),
      new JsonObject().put("$set", new JsonObject().put("expiresAt",
        new JsonObject().put("$date", Instant.now().minusSeconds(1).toString())))));
    Http.Answer expired = reset(userId, stale, "an expired attempt", "an expired attempt");
    assertEquals(400, expired.status());
    assertEquals("{}", expired.text());
  }

  @Test
  @DisplayName("checks the new password as registration does, before the link is spent")
  void passwordRules() {
    String email = "rules@example.com";
    String userId = seed(email);
    assertEquals(200, request(email).status());
    String token = mailedToken(email, userId, 1);
    Http.Answer shortOne = reset(userId, token, "short", "short");
    assertEquals(400, shortOne.status());
    assertEquals("{\"message\":\"password: String must contain at least 8 character(s)\"}", shortOne.text());
    Http.Answer mismatch = reset(userId, token, NEW_PASSWORD, NEW_PASSWORD + "!");
    assertEquals("{\"message\":\": The passwords did not match\"}", mismatch.text());
    Http.Answer typed = http.post("/api/auth/resetPassword").json(new JsonObject().put("userId", userId)
      .put("token", token).put("password", 12345678));
    assertEquals(400, typed.status());
    assertEquals("{\"message\":\"password: Expected string, received number\"}", typed.text());
    assertEquals(200, reset(userId, token, NEW_PASSWORD, NEW_PASSWORD).status(), "the link was not spent");
  }

  @Test
  @DisplayName("refuses what is no email with a clear 400")
  void badEmail() {
    Http.Answer answer = request("not-an-email");
    assertEquals(400, answer.status());
    assertEquals("{\"message\":\"email: Invalid email\"}", answer.text());
  }
}
