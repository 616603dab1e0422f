package io.gatehouse.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.LogCapture;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Store;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Account recovery without mail configured")
class ResetWithoutMailTest extends NodeSuite {
  @Override
  protected Map<String, String> variables() {
    return Map.of("ALLOW_PASSWORD_RESET", "true");
  }

  @Test
  @DisplayName("a reset request gets the generic answer and no link (LibreChat #1652); the operator is pointed to bin/reset-password")
  void noLinkWithoutMail() {
    String email = "nomail@example.com";
    Accounts.register(http, email);
    try (LogCapture logs = LogCapture.open()) {
      Http.Answer answer = http.post("/api/auth/requestPasswordReset").json(new JsonObject().put("email", email));
      assertEquals(200, answer.status(), answer.text());
      assertEquals("{\"message\":\"If an account with that email exists, a password reset link has been sent to it.\"}",
        answer.text());
      assertFalse(answer.text().contains("link\":"), "no link field");
      String warning = Eventually.until(Duration.ofSeconds(5), "the mail-not-configured warning",
        () -> logs.lines().stream().filter(line -> line.contains("bin/reset-password")).findFirst().orElse(null),
        line -> line != null);
      assertTrue(warning.contains("mail is not configured"), warning);
    }
    assertEquals(0, Store.count(server, "tokens", new JsonObject()), "no token that nobody can receive");
  }

  @Test
  @DisplayName("new accounts are verified at once, and /api/config says mail is off and reset is on")
  void verifiedAtOnce() {
    Accounts.registerAndLogin(http, "instant@example.com");
    assertEquals(Boolean.TRUE, Store.userByEmail(server, "instant@example.com").getBoolean("emailVerified"));
    JsonObject config = http.get("/api/config").send().json();
    assertEquals(Boolean.FALSE, config.getBoolean("emailEnabled"));
    assertEquals(Boolean.TRUE, config.getBoolean("passwordResetEnabled"));
  }

  @Test
  @DisplayName("verification is no account oracle: a verified account and an unknown email get the same 400")
  void verifyTellsNothing() {
    Accounts.register(http, "exists@example.com");
    for (String email : List.of("exists@example.com", "absent@example.com")) {
      Http.Answer answer = http.post("/api/user/verify").header("X-Forwarded-For", "10.9.0.1")
        .json(new JsonObject().put("email", email).put("token", "ab".repeat(32)));
      assertEquals(400, answer.status(), email + ": " + answer.text());
      assertEquals("{\"message\":\"Invalid or expired email verification token\"}", answer.text());
    }
  }

  @Test
  @DisplayName("with ALLOW_PASSWORD_RESET unset both reset routes answer LibreChat's 403 text")
  void resetOff() {
    try (TestGatehouse off = TestGatehouse.start()) {
      for (String path : List.of("/api/auth/requestPasswordReset", "/api/auth/resetPassword")) {
        Http.Answer answer = off.http().post(path).json(new JsonObject().put("email", "a@example.com"));
        assertEquals(403, answer.status(), path);
        assertEquals("Password reset is not allowed.", answer.text());
        assertTrue(answer.header("Content-Type").startsWith("text/html"));
      }
    }
  }
}
