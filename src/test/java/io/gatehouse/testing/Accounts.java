package io.gatehouse.testing;

import io.vertx.core.json.JsonObject;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Registering and logging in over HTTP, for tests whose subject comes after that. */
public final class Accounts {
  public static final String PASSWORD = "correct horse battery";

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
    Http.Answer answer = http.post("/api/auth/login")
      .json(new JsonObject().put("email", email).put("password", PASSWORD));
    assertEquals(200, answer.status(), answer.text());
    return answer;
  }

  public static Http.Answer registerAndLogin(Http http, String email) {
    register(http, email);
    return login(http, email);
  }
}
