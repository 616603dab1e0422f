package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.Http;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("GET /api/config")
class ConfigRouteTest {
  private static final List<String> SOCIAL_FLAGS = List.of("discordLoginEnabled", "facebookLoginEnabled",
    "githubLoginEnabled", "googleLoginEnabled", "appleLoginEnabled", "openidLoginEnabled", "samlLoginEnabled",
    "socialLoginEnabled");
  private TestGatehouse server;

  @BeforeAll
  void start() {
    server = TestGatehouse.start();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static JsonObject config(TestGatehouse node) {
    Http.Answer answer = node.http().get("/api/config").send();
    assertEquals(200, answer.status(), answer.text());
    assertTrue(answer.header("Content-Type").startsWith("application/json"));
    return answer.json();
  }

  @Test
  @DisplayName("gives LibreChat's defaults to an anonymous client")
  void defaults() {
    JsonObject config = config(server);
    assertEquals("LibreChat", config.getString("appTitle"));
    assertEquals(Boolean.TRUE, config.getBoolean("registrationEnabled"), "the test node allows registration");
    assertEquals(Boolean.TRUE, config.getBoolean("emailLoginEnabled"));
    for (String flag : SOCIAL_FLAGS) {
      assertEquals(Boolean.FALSE, config.getBoolean(flag), flag);
    }
    assertEquals(new JsonArray().add("google").add("facebook").add("openid").add("github").add("discord").add("saml"),
      config.getJsonArray("socialLogins"), "the default list, without apple");
    assertEquals("http://localhost:3080", config.getString("serverDomain"));
    assertEquals(8, config.getInteger("minPasswordLength"));
    assertEquals("Continue with OpenID", config.getString("openidLabel"));
    assertFalse(config.getJsonObject("ldap").getBoolean("enabled"));
  }

  @Test
  @DisplayName("follows APP_TITLE, ALLOW_REGISTRATION, ALLOW_EMAIL_LOGIN, DOMAIN_SERVER and MIN_PASSWORD_LENGTH")
  void configured() {
    try (TestGatehouse custom = TestGatehouse.start(Map.of("APP_TITLE", "Acme Chat", "ALLOW_REGISTRATION", "false",
      "ALLOW_EMAIL_LOGIN", "false", "DOMAIN_SERVER", "https://chat.acme.test", "MIN_PASSWORD_LENGTH", "14"))) {
      JsonObject config = config(custom);
      assertEquals("Acme Chat", config.getString("appTitle"));
      assertEquals(Boolean.FALSE, config.getBoolean("registrationEnabled"));
      assertEquals(Boolean.FALSE, config.getBoolean("emailLoginEnabled"));
      assertEquals("https://chat.acme.test", config.getString("serverDomain"));
      assertEquals(14, config.getInteger("minPasswordLength"));
      for (String flag : SOCIAL_FLAGS) {
        assertEquals(Boolean.FALSE, config.getBoolean(flag), flag);
      }
    }
  }

  @Test
  @DisplayName("emailEnabled follows LibreChat's rule (host, login and sender), passwordResetEnabled ALLOW_PASSWORD_RESET")
  void mailFlags() {
    JsonObject defaults = config(server);
    assertEquals(Boolean.FALSE, defaults.getBoolean("emailEnabled"));
    assertEquals(Boolean.FALSE, defaults.getBoolean("passwordResetEnabled"));
    Map<String, String> smtp = Map.of("EMAIL_HOST", "127.0.0.1", "EMAIL_PORT", "2525", "EMAIL_USERNAME", "mailer",
      "EMAIL_PASSWORD", "secret", "EMAIL_FROM", "noreply@acme.test", "DOMAIN_CLIENT", "https://chat.acme.test",
      "ALLOW_PASSWORD_RESET", "true");
    try (TestGatehouse mail = TestGatehouse.start(smtp)) {
      JsonObject config = config(mail);
      assertEquals(Boolean.TRUE, config.getBoolean("emailEnabled"));
      assertEquals(Boolean.TRUE, config.getBoolean("passwordResetEnabled"));
    }
    // a relay without a login sends mail, but LibreChat's startup config does not call that "enabled"
    try (TestGatehouse relay = TestGatehouse.start(Map.of("EMAIL_HOST", "127.0.0.1", "EMAIL_FROM", "noreply@acme.test",
      "DOMAIN_CLIENT", "https://chat.acme.test"))) {
      assertEquals(Boolean.FALSE, config(relay).getBoolean("emailEnabled"));
    }
  }

  @Test
  @DisplayName("answers the same with any bearer token, valid or not (optional auth)")
  void optionalAuth() {
    Http.Answer answer = server.http().get("/api/config").bearer("not.a.token").send();
    assertEquals(200, answer.status());
    assertEquals(config(server), answer.json());
  }
}
