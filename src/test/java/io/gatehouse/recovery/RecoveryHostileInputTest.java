package io.gatehouse.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.HostileInput;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.MailServer;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Store;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Hostile input on the account-recovery and second-factor routes")
class RecoveryHostileInputTest extends NodeSuite {
  private static final List<String> ROUTES = List.of("/api/user/verify", "/api/user/verify/resend",
    "/api/auth/requestPasswordReset", "/api/auth/resetPassword", "/api/auth/2fa/verify-temp", "/api/auth/2fa/enable",
    "/api/auth/2fa/verify", "/api/auth/2fa/confirm", "/api/auth/2fa/disable", "/api/auth/2fa/backup/regenerate");
  private final MailServer mail = MailServer.start();

  @Override
  protected Map<String, String> variables() {
    return mail.variables(Map.of("ALLOW_PASSWORD_RESET", "true", "ALLOW_UNVERIFIED_EMAIL_LOGIN", "true"));
  }

  @AfterAll
  void stopMail() {
    mail.close();
  }

  @Test
  @DisplayName("hundreds of generated bodies and tokens: always a 2xx-4xx answer, never a 5xx, users unchanged")
  void hostileLoop() {
    String token = Accounts.registerAndLogin(http, "victim@example.com").json().getString("token");
    List<JsonObject> users = Store.all(server, Store.USERS);
    HostileInput input = new HostileInput(20260627L);
    Map<String, Integer> statuses = new TreeMap<>();
    for (int i = 0; i < 300; i++) {
      String path = ROUTES.get(input.random().nextInt(ROUTES.size()));
      Buffer body = input.random().nextInt(3) == 0 ? junkFields(input).toBuffer() : input.body();
      String type = input.contentType();
      Http.Request request = http.post(path).header("X-Forwarded-For", "10.4." + (i / 250) + "." + (i % 250));
      if (path.startsWith("/api/auth/2fa/") && !path.endsWith("verify-temp")) {
        request.bearer(input.random().nextBoolean() ? token : input.token());
      }
      Http.Answer answer = request.body(type, body);
      statuses.merge(path + ":" + answer.status(), 1, Integer::sum);
      String preview = body.length() > 200 ? body.getString(0, 200) : body.toString();
      assertTrue(answer.status() >= 200 && answer.status() < 500,
        "request " + i + " " + path + " " + type + " " + preview + " got " + answer.status() + ": " + answer.text());
    }
    System.out.println("recovery hostile loop statuses: " + statuses);
    assertEquals(users.size(), Store.all(server, Store.USERS).size(), "no account appeared or vanished");
    assertEquals(200, http.get("/api/user").bearer(token).send().status(), "still serving");
  }

  /** The routes' own field names with generated values of any type. */
  private static JsonObject junkFields(HostileInput input) {
    JsonObject body = new JsonObject();
    for (String field : List.of("email", "token", "userId", "password", "confirm_password", "tempToken", "backupCode")) {
      if (input.random().nextBoolean()) {
        body.put(field, input.value(1));
      }
    }
    return body;
  }
}
