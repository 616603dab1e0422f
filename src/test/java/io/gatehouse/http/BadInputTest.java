package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.HostileInput;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.Store;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Bad and hostile input")
class BadInputTest extends NodeSuite {
  private static final String JSON = "application/json";
  private static final String MALFORMED =
    "{\"error\":\"Invalid JSON format\",\"message\":\"The request body contains malformed JSON\"}";
  private static final List<String> BODY_ROUTES = List.of("/api/auth/login", "/api/auth/register");
  private String token;

  @BeforeAll
  void setUp() {
    token = Accounts.registerAndLogin(http, "victim@example.com").json().getString("token");
  }

  private Http.Answer post(String path, String body) {
    return http.post(path).body(JSON, Buffer.buffer(body));
  }

  @Test
  @DisplayName("answers a body over 3 MB with 413 and a JSON message")
  void tooLarge() {
    String padding = "x".repeat(3 * 1024 * 1024);
    for (String path : BODY_ROUTES) {
      Http.Answer answer = post(path, "{\"email\":\"victim@example.com\",\"password\":\"" + padding + "\"}");
      assertEquals(413, answer.status(), path);
      assertTrue(answer.header("Content-Type").startsWith("application/json"), path);
      assertNotNull(answer.json().getString("message"), path);
    }
    // Just under the limit is parsed and validated as usual.
    String almost = "x".repeat(3 * 1024 * 1024 - 200);
    Http.Answer answer = post("/api/auth/login", "{\"email\":\"victim@example.com\",\"password\":\"" + almost + "\"}");
    assertEquals(404, answer.status(), answer.text().substring(0, Math.min(200, answer.text().length())));
    assertEquals("{\"message\":\"password: String must contain at most 128 character(s)\"}", answer.text());
  }

  @Test
  @DisplayName("answers malformed JSON with LibreChat's exact 400 body")
  void malformed() {
    for (String path : BODY_ROUTES) {
      for (String body : new String[] {"{\"email\":", "{email: 'a@b.co'}", "{\"a\":1}}", "\u0000", "{\"a\":tru}"}) {
        Http.Answer answer = post(path, body);
        assertEquals(400, answer.status(), path + " " + body);
        assertEquals(MALFORMED, answer.text(), path + " " + body);
        assertTrue(answer.header("Content-Type").startsWith("application/json"));
      }
    }
  }

  @Test
  @DisplayName("answers a top-level JSON string, number, boolean or null like malformed JSON (strict parsing)")
  void topLevelScalars() {
    for (String path : BODY_ROUTES) {
      for (String body : new String[] {"\"victim@example.com\"", "42", "true", "null"}) {
        Http.Answer answer = post(path, body);
        assertEquals(400, answer.status(), path + " " + body);
        assertEquals(MALFORMED, answer.text(), path + " " + body);
      }
    }
  }

  @Test
  @DisplayName("answers a JSON array body with a 4xx")
  void arrayBody() {
    for (String path : BODY_ROUTES) {
      Http.Answer answer = post(path, "[{\"email\":\"victim@example.com\",\"password\":\"" + Accounts.PASSWORD + "\"}]");
      assertTrue(answer.status() >= 400 && answer.status() < 500, path + " " + answer.status());
      assertTrue(answer.header("Content-Type").startsWith("application/json"));
    }
  }

  @Test
  @DisplayName("refuses keys that start with $ or contain a dot, at any depth, with 400 {message}")
  void operatorKeys() {
    List<JsonObject> bodies = List.of(
      new JsonObject().put("email", new JsonObject().put("$gt", "")).put("password", "x"),
      new JsonObject().put("email", new JsonObject().put("$ne", null)).put("password", new JsonObject().put("$ne", null)),
      new JsonObject().put("email", "a@b.co").put("password", "passw0rd!!").put("$where", "1"),
      new JsonObject().put("email", "a@b.co").put("password", "passw0rd!!").put("profile.role", "ADMIN"),
      new JsonObject().put("email", "a@b.co").put("password", "passw0rd!!")
        .put("deep", new JsonObject().put("deeper", new JsonObject().put("$or", new JsonArray()))),
      new JsonObject().put("email", "a@b.co").put("password", "passw0rd!!")
        .put("list", new JsonArray().add(1).add(new JsonObject().put("a.b", 1))));
    for (String path : BODY_ROUTES) {
      for (JsonObject body : bodies) {
        Http.Answer answer = http.post(path).json(body);
        assertEquals(400, answer.status(), path + " " + body.encode());
        assertEquals(1, answer.json().size(), answer.text());
        assertNotNull(answer.json().getString("message"), answer.text());
      }
    }
    // A dot or dollar inside a value is just text.
    Http.Answer answer = http.post("/api/auth/login")
      .json(new JsonObject().put("email", "victim@example.com").put("password", "$gt.value.$ne"));
    assertEquals(404, answer.status());
    assertEquals("{\"message\":\"Incorrect email or password.\"}", answer.text());
  }

  @Test
  @DisplayName("answers fields of the wrong type with 404 and zod's type message")
  void wrongTypes() {
    Map<JsonObject, String> login = Map.of(
      new JsonObject().put("email", true).put("password", "password123"), "email: Expected string, received boolean",
      new JsonObject().put("email", new JsonArray().add("victim@example.com")).put("password", "password123"),
      "email: Expected string, received array",
      new JsonObject().put("email", "victim@example.com").put("password", new JsonObject().put("a", 1)),
      "password: Expected string, received object",
      new JsonObject().put("email", "victim@example.com").put("password", 12345678),
      "password: Expected string, received number");
    login.forEach((body, message) -> {
      Http.Answer answer = http.post("/api/auth/login").json(body);
      assertEquals(404, answer.status(), body.encode());
      assertEquals(new JsonObject().put("message", message), answer.json(), body.encode());
    });
    Http.Answer register = http.post("/api/auth/register")
      .json(Accounts.registration("types@example.com").put("name", 42).put("username", true));
    assertEquals(404, register.status());
    assertEquals("{\"message\":\"name: Expected string, received number username: Invalid input\"}", register.text());
    assertEquals(0, Store.count(server, Store.USERS, new JsonObject().put("email", "types@example.com")));
  }

  @Test
  @DisplayName("an X-Forwarded-For of empty hops (',' or ',,,') on login, registration, refresh and reset: 4xx or the usual answer, never 500")
  void emptyForwardedHops() {
    for (String hops : List.of(",", ",,,", " , ")) {
      JsonObject credentials = new JsonObject().put("email", "victim@example.com").put("password", "not it at all");
      Http.Answer login = http.post("/api/auth/login").header("X-Forwarded-For", hops).json(credentials);
      assertEquals(404, login.status(), hops + ": " + login.text());
      Http.Answer register = http.post("/api/auth/register").header("X-Forwarded-For", hops)
        .json(new JsonObject().put("email", "not-an-email"));
      assertEquals(404, register.status(), hops + ": " + register.text());
      Http.Answer refresh = http.post("/api/auth/refresh").header("X-Forwarded-For", hops).cookie("refreshToken", "junk").send();
      assertEquals(403, refresh.status(), hops + ": " + refresh.text());
      Http.Answer reset = http.post("/api/auth/requestPasswordReset").header("X-Forwarded-For", hops)
        .json(new JsonObject().put("email", "victim@example.com"));
      assertTrue(reset.status() < 500, hops + ": " + reset.status() + " " + reset.text());
    }
  }

  @Test
  @DisplayName("a form body with a query string that does not decode: 400 at once, not a connection held open")
  void formWithMalformedQuery() {
    for (String path : List.of("/api/auth/login?x=%zz", "/api/auth/register?email=%zz", "/api/auth/requestPasswordReset?e=%",
      "/api/user/verify?%zz", "/api/auth/2fa/verify-temp?t=%zz")) {
      Http.Answer answer = http.post(path).body("application/x-www-form-urlencoded",
        Buffer.buffer("email=victim%40example.com&password=whatever"));
      assertEquals(400, answer.status(), path + ": " + answer.text());
      assertEquals("{\"message\":\"Bad request\"}", answer.text(), path);
    }
    for (String form : List.of("email=%zz&password=whatever", "email=%&password=%", "%zz=1", "email=a%2")) {
      Http.Answer answer = http.post("/api/auth/login").body("application/x-www-form-urlencoded", Buffer.buffer(form));
      assertTrue(answer.status() >= 400 && answer.status() < 500, form + ": " + answer.status() + " " + answer.text());
    }
  }

  @Test
  @DisplayName("survives hundreds of generated hostile requests: never 5xx, always answered, the store untouched")
  void hostileLoop() {
    List<JsonObject> users = Store.all(server, Store.USERS);
    List<JsonObject> sessions = Store.all(server, Store.SESSIONS);
    assertEquals(1, users.size());
    assertEquals(1, sessions.size());
    HostileInput input = new HostileInput(20260624L);
    Map<String, Integer> statuses = new TreeMap<>();
    int requests = 300;
    for (int i = 0; i < requests; i++) {
      int target = input.random().nextInt(6);
      String label;
      Supplier<Http.Answer> request;
      switch (target) {
        case 0, 1 -> {
          String path = target == 0 ? "/api/auth/login" : "/api/auth/register";
          Buffer body = input.body();
          if (target == 0 && input.random().nextInt(4) == 0) {
            // The real account with a generated password: goes all the way to a bcrypt compare.
            body = new JsonObject().put("email", "victim@example.com").put("password", input.value(1)).toBuffer();
          }
          String type = input.contentType();
          label = path + " " + type + " " + preview(body);
          Buffer sent = body;
          request = () -> http.post(path).body(type, sent);
        }
        case 2 -> {
          Http.Request refresh = http.post("/api/auth/refresh").cookie("refreshToken", input.token())
            .cookie("token_provider", input.token());
          Buffer body = input.body();
          String type = input.contentType();
          label = "refresh with a junk cookie, " + type + " " + preview(body);
          request = () -> refresh.body(type, body);
        }
        case 3 -> {
          Http.Request logout = http.post("/api/auth/logout").header("Authorization", junkAuthorization(input))
            .cookie("refreshToken", input.token());
          Buffer body = input.body();
          String type = input.contentType();
          label = "logout with a junk bearer, " + type + " " + preview(body);
          request = () -> logout.body(type, body);
        }
        default -> {
          Http.Request me = http.request(HttpMethod.GET, "/api/user").header("Authorization", junkAuthorization(input));
          label = "GET /api/user with a junk bearer";
          request = me::send;
        }
      }
      Http.Answer answer;
      try {
        answer = request.get();
      } catch (AssertionError e) {
        throw new AssertionError("request " + i + " (" + label + ") was not answered: " + e.getMessage(), e);
      }
      int status = answer.status();
      statuses.merge(target + ":" + status, 1, Integer::sum);
      assertTrue(status >= 200 && status < 500, "request " + i + " (" + label + ") got " + status + ": "
        + preview(Buffer.buffer(answer.text())));
      if (target == 2 && status == 200) {
        // Only the "no cookie" answer; a junk cookie never starts a session.
        assertEquals("Refresh token not provided", answer.text(), label);
      }
      if (target >= 3) {
        // Never authenticated: 401, or 400/431 when the body or the headers are refused first.
        assertTrue(status == 401 || status == 400 || status == 431, label + " got " + status + ": " + answer.text());
      }
    }
    System.out.println("hostile loop statuses (target:status=count): " + statuses);
    assertEquals(users, Store.all(server, Store.USERS), "users unchanged");
    assertEquals(sessions, Store.all(server, Store.SESSIONS), "sessions unchanged");
    // Still serving: the victim's real token works.
    Http.Answer me = http.get("/api/user").bearer(token).send();
    assertEquals(200, me.status(), "statuses seen: " + statuses);
    assertEquals("victim@example.com", me.json().getString("email"));
  }

  private static String junkAuthorization(HostileInput input) {
    return switch (input.random().nextInt(5)) {
      case 0 -> "Bearer";
      case 1 -> "Bearer     ";
      case 2 -> "Basic dmljdGltOnB3";
      case 3 -> "bearer " + input.token();
      default -> "Bearer " + input.token();
    };
  }

  private static String preview(Buffer body) {
    String text = body.toString();
    return text.length() > 120 ? text.substring(0, 120) + "... (" + body.length() + " bytes)" : text;
  }
}
