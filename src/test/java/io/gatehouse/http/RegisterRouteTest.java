package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.Store;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("POST /api/auth/register")
class RegisterRouteTest extends NodeSuite {
  private static final String REGISTERED = "{\"message\":\"Please check your email to verify your email address.\"}";

  @BeforeAll
  void setUp() {
    // The order matters: the first account of an empty store becomes ADMIN.
    Accounts.register(http, "first@example.com");
    Accounts.register(http, "second@example.com");
  }

  private Http.Answer register(JsonObject body) {
    return http.post("/api/auth/register").json(body);
  }

  private static JsonObject registration(String email) {
    return Accounts.registration(email);
  }

  @Test
  @DisplayName("is refused with 403 when ALLOW_REGISTRATION is false or unset, and nothing is stored")
  void closed() {
    for (String value : new String[] {"false", ""}) {
      try (TestGatehouse closed = TestGatehouse.start(Map.of("ALLOW_REGISTRATION", value))) {
        Http.Answer answer = closed.http().post("/api/auth/register").json(registration("closed@example.com"));
        assertEquals(403, answer.status(), "ALLOW_REGISTRATION=" + value);
        assertEquals("{\"message\":\"Registration is not allowed.\"}", answer.text());
        assertEquals(0, Store.count(closed, Store.USERS, new JsonObject()));
      }
    }
  }

  @Test
  @DisplayName("answers 200 with the generic message and stores a local, verified user with a cost-10 bcrypt hash")
  void success() {
    Http.Answer answer = register(registration("New.Person@Example.COM").put("username", "new_person"));
    assertEquals(200, answer.status(), answer.text());
    assertEquals(REGISTERED, answer.text());
    assertTrue(answer.header("Content-Type").startsWith("application/json"));
    assertNull(answer.setCookie("refreshToken"), "registration starts no session");

    assertNull(Store.userByEmail(server, "New.Person@Example.COM"), "the email is not stored as typed");
    JsonObject user = Store.userByEmail(server, "new.person@example.com");
    assertEquals("local", user.getString("provider"));
    assertEquals("Test User", user.getString("name"));
    assertEquals("new_person", user.getString("username"));
    assertEquals(Boolean.TRUE, user.getBoolean("emailVerified"));
    assertEquals("USER", user.getString("role"));
    String hash = user.getString("password");
    assertTrue(hash.matches("\\$2[ab]\\$10\\$[./A-Za-z0-9]{53}"), hash);
    assertTrue(PasswordHasher.verifyNow(Accounts.PASSWORD, hash));
    assertFalse(PasswordHasher.verifyNow(Accounts.PASSWORD + "!", hash));

    Accounts.login(http, "new.person@example.com");
  }

  @Test
  @DisplayName("makes the first user of the store ADMIN and everyone after USER")
  void roles() {
    assertEquals("ADMIN", Store.userByEmail(server, "first@example.com").getString("role"));
    assertEquals("USER", Store.userByEmail(server, "second@example.com").getString("role"));
  }

  @Test
  @DisplayName("answers an existing email, in any case, with the same 200 after about a second and stores nothing")
  void existingEmail() {
    Accounts.register(http, "taken@example.com");
    JsonObject original = Store.userByEmail(server, "taken@example.com");
    for (String email : new String[] {"taken@example.com", "TAKEN@Example.com"}) {
      JsonObject again = registration(email).put("name", "Someone Else")
        .put("password", "another password").put("confirm_password", "another password");
      long started = System.nanoTime();
      Http.Answer answer = register(again);
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;
      assertEquals(200, answer.status(), answer.text());
      assertEquals(REGISTERED, answer.text());
      assertTrue(elapsedMs >= 900, "LibreChat waits 1 s before answering a taken email, took " + elapsedMs + " ms");
    }
    assertEquals(1, Store.count(server, Store.USERS, new JsonObject().put("email", "taken@example.com")));
    assertEquals(original, Store.userByEmail(server, "taken@example.com"), "the existing account is untouched");
    Accounts.login(http, "taken@example.com");
  }

  @Test
  @DisplayName("stores an empty username as null")
  void emptyUsername() {
    Http.Answer answer = register(registration("nousername@example.com").put("username", ""));
    assertEquals(200, answer.status(), answer.text());
    JsonObject user = Store.userByEmail(server, "nousername@example.com");
    assertTrue(user.containsKey("username"));
    assertNull(user.getValue("username"));
  }

  @Test
  @DisplayName("answers missing fields with 404 and zod's Required issues, in schema order")
  void missingFields() {
    assertInvalid(new JsonObject(),
      "name: Required email: Required password: Required confirm_password: Required");
    assertInvalid(registration("partial@example.com").put("confirm_password", (String) null),
      "confirm_password: Expected string, received null");
  }

  @Test
  @DisplayName("answers a short name with 404 and zod's minimum message")
  void shortName() {
    assertInvalid(registration("shortname@example.com").put("name", "ab"),
      "name: String must contain at least 3 character(s)");
  }

  @Test
  @DisplayName("answers a malformed email with 404 email: Invalid email")
  void badEmail() {
    assertInvalid(registration("not-an-email"), "email: Invalid email");
  }

  @Test
  @DisplayName("answers a password under the default MIN_PASSWORD_LENGTH of 8 with 404 for both fields")
  void shortPassword() {
    assertInvalid(registration("shortpw@example.com").put("password", "1234567").put("confirm_password", "1234567"),
      "password: String must contain at least 8 character(s) confirm_password: String must contain at least 8 character(s)");
  }

  @Test
  @DisplayName("answers a mismatched confirmation with an issue that has an empty path")
  void mismatch() {
    assertInvalid(registration("mismatch@example.com").put("confirm_password", "something different"),
      ": The passwords did not match");
  }

  @Test
  @DisplayName("refuses a username that looks like an injection attempt")
  void injectionUsername() {
    JsonObject body = registration("injection@example.com").put("username", "bob<script");
    Http.Answer answer = register(body);
    assertEquals(404, answer.status(), answer.text());
    assertTrue(answer.json().getString("message").contains("username: Potential injection attack detected"),
      answer.text());
    assertNull(Store.userByEmail(server, "injection@example.com"));
  }

  @Test
  @DisplayName("follows MIN_PASSWORD_LENGTH for both registration and login")
  void configuredMinimum() {
    try (TestGatehouse strict = TestGatehouse.start(Map.of("MIN_PASSWORD_LENGTH", "12"))) {
      String eleven = "elevenchars";
      Http.Answer register = strict.http().post("/api/auth/register")
        .json(registration("strict@example.com").put("password", eleven).put("confirm_password", eleven));
      assertEquals(404, register.status(), register.text());
      assertEquals("{\"message\":\"password: String must contain at least 12 character(s) "
        + "confirm_password: String must contain at least 12 character(s)\"}", register.text());
      Http.Answer login = strict.http().post("/api/auth/login")
        .json(new JsonObject().put("email", "strict@example.com").put("password", eleven));
      assertEquals(404, login.status(), login.text());
      assertEquals("{\"message\":\"password: String must contain at least 12 character(s)\"}", login.text());
      assertEquals(0, Store.count(strict, Store.USERS, new JsonObject()));
      // Twelve characters is enough.
      Accounts.register(strict.http(), "strict@example.com");
    }
  }

  private void assertInvalid(JsonObject body, String message) {
    Http.Answer answer = register(body);
    assertEquals(404, answer.status(), answer.text());
    assertEquals(new JsonObject().put("message", message), answer.json());
    Object email = body.getValue("email");
    if (email instanceof String s) {
      assertNull(Store.userByEmail(server, s.toLowerCase()), "an invalid registration stores nothing");
    }
  }
}
