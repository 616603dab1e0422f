package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.Store;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("POST /api/auth/login refusals")
class LoginValidationTest extends NodeSuite {
  private static final String PASSWORD = "unverified pass 1";
  private static final String UNKNOWN = "{\"message\":\"Incorrect email or password.\"}";
  private static final String HASH = PasswordHasher.hashNow(PASSWORD);

  @BeforeAll
  void setUp() {
    Store.insert(server, Store.USERS, Store.localUser("unverified@example.com", HASH, false));
    JsonObject social = Store.localUser("social@example.com", null, true).put("provider", "google")
      .put("googleId", "108000000000000000001");
    social.remove("password");
    Store.insert(server, Store.USERS, social);
    Store.insert(server, Store.USERS, Store.localUser("twofactor@example.com", HASH, true).put("twoFactorEnabled", true));
  }

  @Test
  @DisplayName("asks an account with two-factor authentication for its second factor: twoFAPending and a temp token, no session")
  void twoFactorPending() {
    Http.Answer answer = Accounts.loginAttempt(http, "twofactor@example.com", PASSWORD);
    assertEquals(200, answer.status(), answer.text());
    JsonObject body = answer.json();
    assertEquals(true, body.getBoolean("twoFAPending"));
    assertEquals(java.util.Set.of("twoFAPending", "tempToken"), body.fieldNames());
    assertNull(answer.setCookie("refreshToken"), "no session before the second factor");
    JsonObject claims = io.gatehouse.testing.Jwts.payload(body.getString("tempToken"));
    assertEquals(true, claims.getBoolean("twoFAPending"));
    assertEquals(300, claims.getLong("exp") - claims.getLong("iat"), "LibreChat's temp tokens last 5 minutes");
    assertEquals(401, http.get("/api/user").bearer(body.getString("tempToken")).send().status(),
      "a temp token is no access token");
  }

  private void assertRefused(JsonObject body, String expectedBody) {
    Http.Answer answer = Accounts.loginAttempt(http, body);
    assertEquals(404, answer.status(), answer.text());
    assertEquals(expectedBody, answer.text());
    assertNull(answer.setCookie("refreshToken"));
  }

  @Test
  @DisplayName("answers a missing or empty email or password with 404 Missing credentials, as passport-local does")
  void missingCredentials() {
    String missing = "{\"message\":\"Missing credentials\"}";
    assertRefused(new JsonObject().put("password", "password123"), missing);
    assertRefused(new JsonObject().put("email", "someone@example.com"), missing);
    assertRefused(new JsonObject(), missing);
    assertRefused(new JsonObject().put("email", "").put("password", "password123"), missing);
    assertRefused(new JsonObject().put("email", "someone@example.com").put("password", ""), missing);
  }

  @Test
  @DisplayName("answers a malformed email with 404 email: Invalid email")
  void invalidEmail() {
    assertRefused(new JsonObject().put("email", "not-an-email").put("password", "password123"),
      "{\"message\":\"email: Invalid email\"}");
  }

  @Test
  @DisplayName("answers a password under 8 characters with zod's minimum message")
  void shortPassword() {
    assertRefused(new JsonObject().put("email", "someone@example.com").put("password", "short"),
      "{\"message\":\"password: String must contain at least 8 character(s)\"}");
  }

  @Test
  @DisplayName("answers an email sent as a number with zod's type message")
  void numericEmail() {
    assertRefused(new JsonObject().put("email", 12345).put("password", "password123"),
      "{\"message\":\"email: Expected string, received number\"}");
  }

  @Test
  @DisplayName("answers a correct password of an unverified account with 422 Email not verified.")
  void unverified() {
    Http.Answer answer = Accounts.loginAttempt(http, "unverified@example.com", PASSWORD);
    assertEquals(422, answer.status(), answer.text());
    assertEquals("{\"message\":\"Email not verified.\"}", answer.text());
    assertNull(answer.setCookie("refreshToken"));
    assertEquals(0, Store.count(server, Store.SESSIONS, new JsonObject()));
    // A wrong password on that account says nothing about its state.
    assertRefused(new JsonObject().put("email", "unverified@example.com").put("password", "wrong password"), UNKNOWN);
  }

  @Test
  @DisplayName("lets an unverified account in when ALLOW_UNVERIFIED_EMAIL_LOGIN is true")
  void unverifiedAllowed() {
    try (TestGatehouse lenient = TestGatehouse.start(Map.of("ALLOW_UNVERIFIED_EMAIL_LOGIN", "true"))) {
      Store.insert(lenient, Store.USERS, Store.localUser("unverified@example.com", HASH, false));
      Http.Answer answer = lenient.http().post("/api/auth/login")
        .json(new JsonObject().put("email", "unverified@example.com").put("password", PASSWORD));
      assertEquals(200, answer.status(), answer.text());
      assertNotNull(answer.json().getString("token"));
      assertEquals("unverified@example.com", answer.json().getJsonObject("user").getString("email"));
      assertNotNull(answer.cookie("refreshToken"));
    }
  }

  @Test
  @DisplayName("answers a social-only account (no password) exactly like an unknown email")
  void socialOnly() {
    assertRefused(new JsonObject().put("email", "social@example.com").put("password", "password123"), UNKNOWN);
    assertRefused(new JsonObject().put("email", "nobody@example.com").put("password", "password123"), UNKNOWN);
    assertEquals(0, Store.count(server, Store.SESSIONS, new JsonObject()));
  }
}
