package io.gatehouse.testing;

import io.vertx.core.json.JsonObject;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Registering and logging in over HTTP, for tests whose subject comes after that; and the one way the
 * suites send a login, so every suite puts the same request on the wire.
 */
public final class Accounts {
  public static final String PASSWORD = "correct horse battery";
  /** The cookie a login gives a browser, which proves that browser on its next logins. */
  public static final String DEVICE_COOKIE = "gatehouse_device";

  private Accounts() {
  }

  public static JsonObject registration(String email) {
    return new JsonObject().put("name", "Test User").put("email", email)
      .put("password", PASSWORD).put("confirm_password", PASSWORD);
  }

  public static void register(Http http, String email) {
    Http.Answer answer = http.post("/api/auth/register").json(registration(email));
    assertEquals(200, answer.status(), answer.text());
  }

  /** Logs in and returns the answer (token in the body, refreshToken cookie). */
  public static Http.Answer login(Http http, String email) {
    Http.Answer answer = loginAttempt(http, email, PASSWORD);
    assertEquals(200, answer.status(), answer.text());
    return answer;
  }

  public static Http.Answer registerAndLogin(Http http, String email) {
    register(http, email);
    return login(http, email);
  }

  /** The login body the web client sends. */
  public static JsonObject credentials(String email, String password) {
    return new JsonObject().put("email", email).put("password", password);
  }

  /** Posts any body to the login route, unchecked: for tests of malformed or missing credentials. */
  public static Http.Answer loginAttempt(Http http, JsonObject body) {
    return http.post("/api/auth/login").json(body);
  }

  /** A login whose answer is not checked, as tests of refusals (404, 403, 422, 429) need it. */
  public static Http.Answer loginAttempt(Http http, String email, String password) {
    return loginAttempt(http, email, password, null, null);
  }

  /** A login from a client address, sent as X-Forwarded-For (null: no such header). */
  public static Http.Answer loginAttempt(Http http, String email, String password, String ip) {
    return loginAttempt(http, email, password, ip, null);
  }

  /**
   * A login from a client address (X-Forwarded-For; null: no such header) and a browser holding
   * {@code device} as its device cookie (null: a browser without one), its answer not checked.
   */
  public static Http.Answer loginAttempt(Http http, String email, String password, String ip, String device) {
    Http.Request request = http.post("/api/auth/login");
    if (ip != null) {
      request.header("X-Forwarded-For", ip);
    }
    if (device != null) {
      request.cookie(DEVICE_COOKIE, device);
    }
    return request.json(credentials(email, password));
  }
}
