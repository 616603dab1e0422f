package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.Sessions;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("POST /api/auth/logout")
class LogoutRouteTest extends NodeSuite {
  private static final List<String> CLEARED = List.of("refreshToken", "openid_access_token", "openid_id_token",
    "openid_user_id", "token_provider");

  private Http.Answer refresh(String refreshToken) {
    return http.post("/api/auth/refresh").cookie("refreshToken", refreshToken).send();
  }

  @Test
  @DisplayName("with bearer and cookie: 200 'Logout successful', clears LibreChat's five cookies, ends the session")
  void succeeds() {
    Http.Answer login = Accounts.registerAndLogin(http, "logout@example.com");
    String token = login.json().getString("token");
    String refreshToken = login.cookie("refreshToken");
    String sessionId = Sessions.idOf(refreshToken);
    assertNotNull(Sessions.find(server, sessionId));

    String device = login.setCookie("gatehouse_device");
    assertTrue(device.contains("; Path=/; Expires=") && device.endsWith("; HttpOnly; SameSite=Strict"), device);

    Http.Answer answer = http.post("/api/auth/logout").bearer(token).cookie("refreshToken", refreshToken)
      .cookie("gatehouse_device", login.cookie("gatehouse_device")).send();
    assertEquals(200, answer.status(), answer.text());
    assertTrue(answer.header("Content-Type").startsWith("application/json"));
    assertEquals("{\"message\":\"Logout successful\"}", answer.text());
    List<String> expected = CLEARED.stream()
      .map(name -> name + "=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT").sorted().toList();
    assertEquals(expected, answer.setCookies().stream().sorted().toList(),
      "the device cookie is kept: it names the browser, not a session");

    assertNull(Sessions.find(server, sessionId), "the session row is gone");
    Http.Answer after = refresh(refreshToken);
    assertEquals(401, after.status(), after.text());
    assertEquals("Refresh token expired or not found for this user", after.text());
  }

  @Test
  @DisplayName("ends only the session of the cookie, not the user's other sessions")
  void onlyThatSession() {
    Accounts.register(http, "logout-two@example.com");
    Http.Answer phone = Accounts.login(http, "logout-two@example.com");
    String laptop = Accounts.login(http, "logout-two@example.com").cookie("refreshToken");

    Http.Answer answer = http.post("/api/auth/logout").bearer(phone.json().getString("token"))
      .cookie("refreshToken", phone.cookie("refreshToken")).send();
    assertEquals(200, answer.status(), answer.text());

    assertEquals(401, refresh(phone.cookie("refreshToken")).status());
    assertEquals(200, refresh(laptop).status(), "the other session survives");
  }

  @Test
  @DisplayName("succeeds without a refresh cookie, still clearing the cookies")
  void withoutCookie() {
    Http.Answer login = Accounts.registerAndLogin(http, "logout-nocookie@example.com");
    Http.Answer answer = http.post("/api/auth/logout").bearer(login.json().getString("token")).send();
    assertEquals(200, answer.status(), answer.text());
    assertEquals("{\"message\":\"Logout successful\"}", answer.text());
    assertEquals(5, answer.setCookies().size(), answer.setCookies().toString());
    assertEquals(200, refresh(login.cookie("refreshToken")).status(), "no cookie, so no session was ended");
  }

  @Test
  @DisplayName("without a bearer token: 401, and the session and cookies are kept")
  void withoutBearer() {
    Http.Answer login = Accounts.registerAndLogin(http, "logout-nobearer@example.com");
    String refreshToken = login.cookie("refreshToken");

    Http.Answer answer = http.post("/api/auth/logout").cookie("refreshToken", refreshToken).send();
    assertEquals(401, answer.status(), answer.text());
    assertEquals("{\"message\":\"No auth token\"}", answer.text());
    assertEquals(List.of(), answer.setCookies());

    assertNotNull(Sessions.find(server, Sessions.idOf(refreshToken)));
    assertEquals(200, refresh(refreshToken).status(), "the session survives");
  }

  @Test
  @DisplayName("does not end another user's session when given their refresh cookie")
  void foreignCookie() {
    String victim = Accounts.registerAndLogin(http, "logout-victim@example.com").cookie("refreshToken");
    String attacker = Accounts.registerAndLogin(http, "logout-attacker@example.com").json().getString("token");

    Http.Answer answer = http.post("/api/auth/logout").bearer(attacker).cookie("refreshToken", victim).send();
    assertEquals(200, answer.status(), answer.text());
    assertNotNull(Sessions.find(server, Sessions.idOf(victim)), "only the bearer's own sessions can be ended");
  }
}
