package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.crypto.Hashes;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.Jwts;
import io.gatehouse.testing.Sessions;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("POST /api/auth/refresh")
class RefreshRouteTest extends NodeSuite {
  private static final String TEXT = "text/html; charset=utf-8";
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
    .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private Jwts.Secrets secrets;

  @BeforeAll
  void setUp() {
    secrets = Jwts.secrets(server);
  }

  private Http.Answer refresh(String refreshToken) {
    return http.post("/api/auth/refresh").cookie("refreshToken", refreshToken).send();
  }

  /** Registers a fresh account and logs it in; returns the refresh token of the new session. */
  private String loginAs(String email) {
    return Accounts.registerAndLogin(http, email).cookie("refreshToken");
  }

  private static void assertText(Http.Answer answer, int status, String text) {
    assertEquals(status, answer.status(), answer.text());
    assertEquals(TEXT, answer.header("Content-Type"));
    assertEquals(text, answer.text());
    assertNull(answer.setCookie("refreshToken"), "a refused refresh sets no cookie");
  }

  @Test
  @DisplayName("answers a request without the cookie with 200 text 'Refresh token not provided'")
  void noCookie() {
    assertText(http.post("/api/auth/refresh").send(), 200, "Refresh token not provided");
    assertText(http.post("/api/auth/refresh").cookie("refreshToken", "").send(), 200, "Refresh token not provided");
  }

  @Test
  @DisplayName("rotates: {token, user} with _id and no id or password, and both cookies exactly as Express writes them")
  void succeeds() {
    Http.Answer login = Accounts.registerAndLogin(http, "refresh-ok@example.com");
    String first = login.cookie("refreshToken");

    Http.Answer answer = refresh(first);
    assertEquals(200, answer.status(), answer.text());
    assertTrue(answer.header("Content-Type").startsWith("application/json"));
    JsonObject body = answer.json();
    assertEquals(Set.of("token", "user"), body.fieldNames());
    JsonObject user = body.getJsonObject("user");
    assertEquals(login.json().getJsonObject("user").getString("_id"), user.getString("_id"));
    assertEquals("refresh-ok@example.com", user.getString("email"));
    assertFalse(user.containsKey("id"), "LibreChat's refresh answer has only _id: " + user);
    for (String secret : List.of("password", "__v", "totpSecret", "backupCodes", "federatedTokens", "refreshToken")) {
      assertFalse(user.containsKey(secret), secret + " leaked: " + user);
    }

    String next = answer.cookie("refreshToken");
    assertNotNull(next);
    long exp = Jwts.payload(next).getLong("exp");
    String expires = HTTP_DATE.format(Instant.ofEpochSecond(exp));
    assertEquals("refreshToken=" + next + "; Path=/; Expires=" + expires + "; HttpOnly; SameSite=Strict",
      answer.setCookie("refreshToken"));
    assertEquals("token_provider=librechat; Path=/; Expires=" + expires + "; HttpOnly; SameSite=Strict",
      answer.setCookie("token_provider"));
    assertEquals(2, answer.setCookies().size(), answer.setCookies().toString());

    JsonObject claims = Jwts.payload(body.getString("token"));
    assertEquals(user.getString("_id"), claims.getString("id"));
    assertEquals("refresh-ok@example.com", claims.getString("email"));
    assertEquals(200, http.get("/api/user").bearer(body.getString("token")).send().status(),
      "the new access token works");
  }

  @Test
  @DisplayName("keeps the session's absolute expiry and never reissues the same string, even within one second")
  void rotationKeepsExpiry() {
    String first = loginAs("refresh-exp@example.com");
    JsonObject firstClaims = Jwts.payload(first);
    String sessionId = firstClaims.getString("sessionId");

    Set<String> seen = new HashSet<>(List.of(first));
    Set<String> jtis = new HashSet<>(List.of(firstClaims.getString("jti")));
    String current = first;
    for (int i = 0; i < 5; i++) {
      Http.Answer answer = refresh(current);
      assertEquals(200, answer.status(), answer.text());
      String next = answer.cookie("refreshToken");
      JsonObject claims = Jwts.payload(next);
      assertEquals(firstClaims.getLong("exp"), claims.getLong("exp"), "the expiry is absolute from login");
      assertEquals(sessionId, claims.getString("sessionId"));
      assertEquals(firstClaims.getString("id"), claims.getString("id"));
      assertTrue(seen.add(next), "rotation " + i + " reissued a token it replaced");
      assertTrue(jtis.add(claims.getString("jti")), "jti repeated at rotation " + i);
      current = next;
    }

    JsonObject session = Sessions.find(server, sessionId);
    assertEquals(Hashes.sha256Hex(current), session.getString("refreshTokenHash"));
    long expiration = Instant.parse(session.getJsonObject("expiration").getString("$date")).getEpochSecond();
    assertEquals(firstClaims.getLong("exp"), expiration, "the session's expiration is the token's exp");
  }

  @Test
  @DisplayName("refuses a garbage, tampered or foreign-signed cookie with 403 text 'Invalid refresh token'")
  void invalid() {
    String token = loginAs("refresh-invalid@example.com");
    JsonObject claims = Jwts.payload(token);

    assertText(refresh("garbage"), 403, "Invalid refresh token");
    assertText(refresh("a.b.c"), 403, "Invalid refresh token");
    String[] parts = token.split("\\.");
    String badSignature = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA";
    assertText(refresh(badSignature), 403, "Invalid refresh token");
    String tampered = Jwts.withPayload(token, claims.copy().put("exp", claims.getLong("exp") + 3600));
    assertText(refresh(tampered), 403, "Invalid refresh token");
    assertText(refresh(Jwts.hs256(claims, "not-the-secret")), 403, "Invalid refresh token");

    assertEquals(200, refresh(token).status(), "none of that touched the real session");
  }

  @Test
  @DisplayName("accepts a token forged with the refresh secret for a live session (control for the next test)")
  void forgedValid() {
    String userId = Jwts.payload(loginAs("refresh-forged@example.com")).getString("id");
    String forged = forgeWithSession(userId, Jwts.nowSeconds() + 3600);
    assertEquals(200, refresh(forged).status());
  }

  @Test
  @DisplayName("refuses an expired refresh token with 403 text 'Invalid refresh token' even though its session lives")
  void expired() {
    String userId = Jwts.payload(loginAs("refresh-expired@example.com")).getString("id");
    String forged = forgeWithSession(userId, Jwts.nowSeconds() - 60);
    assertText(refresh(forged), 403, "Invalid refresh token");
  }

  @Test
  @DisplayName("accepts a refresh token issued by a node whose clock runs ahead (jsonwebtoken ignores iat)")
  void issuedByClockAhead() {
    String userId = Jwts.payload(loginAs("refresh-skew@example.com")).getString("id");
    String forged = forgeWithSession(userId, Jwts.nowSeconds() + 30, Jwts.nowSeconds() + 3600);
    Http.Answer answer = refresh(forged);
    assertEquals(200, answer.status(), answer.text());
  }

  private String forgeWithSession(String userId, long exp) {
    return forgeWithSession(userId, Jwts.nowSeconds() - 120, exp);
  }

  /** A refresh token as LibreChat signs it, with a stored session (live for an hour) holding its hash. */
  private String forgeWithSession(String userId, long iat, long exp) {
    String sessionId = new ObjectId().toHexString();
    JsonObject claims = new JsonObject().put("id", userId).put("sessionId", sessionId)
      .put("iat", iat).put("exp", exp);
    String token = Jwts.hs256(claims, secrets.refresh());
    Sessions.insert(server, new JsonObject()
      .put("_id", sessionId)
      .put("refreshTokenHash", Hashes.sha256Hex(token))
      .put("expiration", new JsonObject().put("$date", Instant.now().plusSeconds(3600).toString()))
      .put("user", new JsonObject().put("$oid", userId)));
    return token;
  }

  @Test
  @DisplayName("answers a deleted session with 401 'Refresh token expired or not found for this user', "
    + "and 403 'No session found' with ?retry=true")
  void sessionDeleted() {
    String token = loginAs("refresh-nosession@example.com");
    Sessions.delete(server, Sessions.idOf(token));

    assertText(refresh(token), 401, "Refresh token expired or not found for this user");
    assertText(http.post("/api/auth/refresh?retry=true").cookie("refreshToken", token).send(), 403,
      "No session found");
  }

  @Test
  @DisplayName("redirects to /login with 302 when the user no longer exists")
  void userDeleted() {
    String token = loginAs("refresh-nouser@example.com");
    String userId = Jwts.payload(token).getString("id");
    TestGatehouse.await(server.mongo().removeDocument("users", new JsonObject().put("_id", userId)));

    Http.Answer answer = refresh(token);
    assertEquals(302, answer.status(), answer.text());
    assertEquals("/login", answer.header("Location"));
    assertNull(answer.setCookie("refreshToken"));
  }

  @Test
  @DisplayName("checks expiry on read: a session past its expiration but still stored gets 401")
  void sessionExpiredButStored() {
    String token = loginAs("refresh-stale@example.com");
    String sessionId = Sessions.idOf(token);
    Sessions.update(server, sessionId, new JsonObject()
      .put("expiration", new JsonObject().put("$date", Instant.now().minusSeconds(60).toString())));
    assertNotNull(Sessions.find(server, sessionId), "the row is still there, as before a TTL sweep");

    assertText(refresh(token), 401, "Refresh token expired or not found for this user");
  }

  @Test
  @DisplayName("still refreshes after the same update with a future expiration (control for the previous test)")
  void updatedButLive() {
    String token = loginAs("refresh-stale-control@example.com");
    String sessionId = Sessions.idOf(token);
    Sessions.update(server, sessionId, new JsonObject()
      .put("expiration", new JsonObject().put("$date", Instant.now().plusSeconds(60).toString())));
    assertEquals(200, refresh(token).status(), "a session moved to a future expiration still refreshes");
  }
}
