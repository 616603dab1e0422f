package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.NodeSuite;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("POST /api/auth/login")
class LoginRouteTest extends NodeSuite {
  @BeforeAll
  void setUp() {
    Accounts.register(http, "login@example.com");
  }

  @Test
  @DisplayName("succeeds with {token, user} and the session cookies, exactly as LibreChat sets them")
  void succeeds() {
    Http.Answer answer = Accounts.login(http, "LOGIN@example.com");
    JsonObject body = answer.json();
    assertNotNull(body.getString("token"));
    JsonObject user = body.getJsonObject("user");
    assertEquals("login@example.com", user.getString("email"));
    assertEquals(user.getString("_id"), user.getString("id"));
    assertNull(user.getValue("password"));
    assertTrue(answer.header("Content-Type").startsWith("application/json"));
    String refresh = answer.setCookie("refreshToken");
    assertTrue(refresh.matches("refreshToken=[\\w-]+\\.[\\w-]+\\.[\\w-]+; Path=/; Expires=\\w{3}, \\d{2} \\w{3} \\d{4} "
      + "\\d{2}:\\d{2}:\\d{2} GMT; HttpOnly; SameSite=Strict"), refresh);
    assertTrue(answer.setCookie("token_provider").startsWith("token_provider=librechat; Path=/; Expires="));
  }

  @Test
  @DisplayName("answers unknown email and wrong password with the same 404 and message")
  void noEnumeration() {
    Http.Answer unknown = http.post("/api/auth/login")
      .json(new JsonObject().put("email", "nobody@example.com").put("password", "whatever123"));
    Http.Answer wrong = http.post("/api/auth/login")
      .json(new JsonObject().put("email", "login@example.com").put("password", "whatever123"));
    assertEquals(404, unknown.status());
    assertEquals(404, wrong.status());
    assertEquals(unknown.text(), wrong.text());
    assertEquals("{\"message\":\"Incorrect email or password.\"}", wrong.text());
    assertNull(wrong.setCookie("refreshToken"));
  }

  @Test
  @DisplayName("reads urlencoded forms too, as passport-local does")
  void form() {
    Http.Answer answer = http.post("/api/auth/login")
      .form(Map.of("email", "login@example.com", "password", Accounts.PASSWORD));
    assertEquals(200, answer.status(), answer.text());
  }
}
