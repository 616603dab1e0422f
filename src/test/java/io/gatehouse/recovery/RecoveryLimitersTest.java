package io.gatehouse.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.testing.Http;
import io.gatehouse.testing.MailServer;
import io.gatehouse.testing.NodeSuite;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The reset and verification limiters, with LibreChat's defaults")
class RecoveryLimitersTest extends NodeSuite {
  private final MailServer mail = MailServer.start();

  @Override
  protected Map<String, String> variables() {
    return mail.variables(Map.of("ALLOW_PASSWORD_RESET", "true"));
  }

  @AfterAll
  void stopMail() {
    mail.close();
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("the third request from one address within 2 minutes gets LibreChat's 429")
  @CsvSource({"/api/auth/requestPasswordReset, 10.3.0.1", "/api/user/verify/resend, 10.3.0.2"})
  void thirdRefused(String path, String ip) {
    JsonObject body = new JsonObject().put("email", "flood@example.com");
    for (int i = 0; i < 2; i++) {
      assertEquals(200, http.post(path).header("X-Forwarded-For", ip).json(body).status(), path);
    }
    Http.Answer limited = http.post(path).header("X-Forwarded-For", ip).json(body);
    assertEquals(429, limited.status(), path);
    assertEquals("{\"message\":\"Too many attempts, please try again after 2 minute(s)\"}", limited.text());
    assertEquals("2", limited.header("X-RateLimit-Limit"));
  }

  @Test
  @DisplayName("verifying shares the resend's bucket: no unlimited guessing at which emails have accounts")
  void verifyLimited() {
    JsonObject guess = new JsonObject().put("email", "guess@example.com").put("token", "ab".repeat(32));
    assertEquals(400, http.post("/api/user/verify").header("X-Forwarded-For", "10.3.0.3").json(guess).status());
    assertEquals(200, http.post("/api/user/verify/resend").header("X-Forwarded-For", "10.3.0.3").json(guess).status());
    Http.Answer limited = http.post("/api/user/verify").header("X-Forwarded-For", "10.3.0.3").json(guess);
    assertEquals(429, limited.status(), limited.text());
    assertEquals("{\"message\":\"Too many attempts, please try again after 2 minute(s)\"}", limited.text());
  }
}
