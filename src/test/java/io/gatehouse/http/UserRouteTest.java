package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.Jwts;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GET /api/user")
class UserRouteTest extends NodeSuite {
  private static final Set<String> LIBRECHAT_FIELDS = Set.of("_id", "id", "name", "username", "email",
    "emailVerified", "avatar", "provider", "role", "plugins", "twoFactorEnabled", "termsAccepted", "personalization",
    "favorites", "skillStates", "createdAt", "updatedAt", "tenantId");
  private static final String JS_DATE = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  private Jwts.Secrets secrets;

  @BeforeAll
  void setUp() {
    secrets = Jwts.secrets(server);
  }

  /** An access token as LibreChat signs it, for any user id. */
  private String tokenFor(String userId, String email) {
    long now = Jwts.nowSeconds();
    return Jwts.hs256(new JsonObject().put("id", userId).put("username", null).put("provider", "local")
      .put("email", email).put("iat", now).put("exp", now + 900), secrets.access());
  }

  @Test
  @DisplayName("shows a registered user with only LibreChat's fields, id equal to _id, dates in JavaScript's form")
  void registered() {
    Http.Answer login = Accounts.registerAndLogin(http, "user@example.com");
    Http.Answer answer = http.get("/api/user").bearer(login.json().getString("token")).send();
    assertEquals(200, answer.status(), answer.text());
    assertTrue(answer.header("Content-Type").startsWith("application/json"));
    JsonObject user = answer.json();

    Set<String> extra = new HashSet<>(user.fieldNames());
    extra.removeAll(LIBRECHAT_FIELDS);
    assertEquals(Set.of(), extra, "fields LibreChat does not show: " + user);
    assertEquals(login.json().getJsonObject("user").getString("_id"), user.getString("_id"));
    assertEquals(user.getString("_id"), user.getString("id"));
    assertEquals("user@example.com", user.getString("email"));
    assertEquals("Test User", user.getString("name"));
    assertEquals("local", user.getString("provider"));
    assertTrue(user.getString("createdAt").matches(JS_DATE), user.getString("createdAt"));
    assertTrue(user.getString("updatedAt").matches(JS_DATE), user.getString("updatedAt"));
  }

  @Test
  @DisplayName("shows a LibreChat user document field for field, hiding secrets and unknown fields, dates with millis")
  void libreChatDocument() {
    String id = new ObjectId().toHexString();
    JsonObject personalization = new JsonObject().put("memories", true);
    JsonArray favorites = new JsonArray().add(new JsonObject().put("agentId", "agent_1"));
    JsonObject document = new JsonObject()
      .put("_id", id)
      .put("name", "Imported User")
      .put("username", "imported")
      .put("email", "imported@example.com")
      .put("emailVerified", true)
      .put("password", "$2a$10$abcdefghijklmnopqrstuuKZ3mO0mZ2X8n7T8gJ0k8yFJwq1l9pUe")
      .put("avatar", null)
      .put("provider", "local")
      .put("role", "USER")
      .put("plugins", new JsonArray())
      .put("twoFactorEnabled", false)
      .put("totpSecret", "secret-totp")
      .put("backupCodes", new JsonArray().add(new JsonObject().put("codeHash", "x").put("used", false)))
      .put("refreshToken", new JsonArray())
      .put("termsAccepted", true)
      .put("personalization", personalization)
      .put("favorites", favorites)
      .put("expiresAt", null)
      .put("internalNote", "not for clients")
      .put("createdAt", new JsonObject().put("$date", "2026-01-01T00:00:00Z"))
      .put("updatedAt", new JsonObject().put("$date", "2026-02-03T04:05:06.789Z"))
      .put("__v", 0);
    TestGatehouse.await(server.mongo().insert("users", document));

    Http.Answer answer = http.get("/api/user").bearer(tokenFor(id, "imported@example.com")).send();
    assertEquals(200, answer.status(), answer.text());
    JsonObject expected = new JsonObject()
      .put("_id", id)
      .put("id", id)
      .put("name", "Imported User")
      .put("username", "imported")
      .put("email", "imported@example.com")
      .put("emailVerified", true)
      .put("avatar", null)
      .put("provider", "local")
      .put("role", "USER")
      .put("plugins", new JsonArray())
      .put("twoFactorEnabled", false)
      .put("termsAccepted", true)
      .put("personalization", personalization)
      .put("favorites", favorites)
      .put("createdAt", "2026-01-01T00:00:00.000Z")
      .put("updatedAt", "2026-02-03T04:05:06.789Z");
    assertEquals(expected, answer.json());
  }

  @Test
  @DisplayName("answers a valid token of a user that does not exist with 401 {\"message\":\"Unauthorized\"}")
  void unknownUser() {
    Http.Answer answer = http.get("/api/user").bearer(tokenFor(new ObjectId().toHexString(), "ghost@example.com"))
      .send();
    assertEquals(401, answer.status(), answer.text());
    assertEquals("{\"message\":\"Unauthorized\"}", answer.text());
  }

  @Test
  @DisplayName("answers 401 {\"message\":\"Unauthorized\"} once the user is deleted")
  void deletedUser() {
    Http.Answer login = Accounts.registerAndLogin(http, "user-deleted@example.com");
    String token = login.json().getString("token");
    String id = login.json().getJsonObject("user").getString("_id");
    TestGatehouse.await(server.mongo().removeDocument("users", new JsonObject().put("_id", id)));

    Http.Answer answer = http.get("/api/user").bearer(token).send();
    assertEquals(401, answer.status(), answer.text());
    assertEquals("{\"message\":\"Unauthorized\"}", answer.text());
  }
}
