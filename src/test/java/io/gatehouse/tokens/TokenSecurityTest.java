package io.gatehouse.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.Jwts;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Bearer tokens on GET /api/user")
class TokenSecurityTest extends NodeSuite {
  private static final String EMAIL = "tokens@example.com";

  private Jwts.Secrets secrets;
  private String userId;
  private String accessToken;
  private String refreshToken;

  @BeforeAll
  void setUp() {
    secrets = Jwts.secrets(server);
    Http.Answer login = Accounts.registerAndLogin(http, EMAIL);
    userId = login.json().getJsonObject("user").getString("_id");
    accessToken = login.json().getString("token");
    refreshToken = login.cookie("refreshToken");
  }

  private Http.Answer user(String token) {
    return http.get("/api/user").bearer(token).send();
  }

  private static void assertRefused(Http.Answer answer) {
    assertEquals(401, answer.status(), answer.text());
    assertNotNull(answer.json().getString("message"), answer.text());
  }

  /** LibreChat's access-token claims for the test user, valid for 15 minutes. */
  private JsonObject libreChatClaims() {
    long now = Jwts.nowSeconds();
    return new JsonObject().put("id", userId).put("username", "tokens").put("provider", "local")
      .put("email", EMAIL).put("iat", now).put("exp", now + 900);
  }

  @Test
  @DisplayName("accepts the login's own access token (control)")
  void ownToken() {
    Http.Answer answer = user(accessToken);
    assertEquals(200, answer.status(), answer.text());
    assertEquals(userId, answer.json().getString("_id"));
  }

  @Test
  @DisplayName("answers a request without Authorization with 401 {\"message\":\"No auth token\"}")
  void noHeader() {
    Http.Answer answer = http.get("/api/user").send();
    assertEquals(401, answer.status());
    assertEquals("{\"message\":\"No auth token\"}", answer.text());
  }

  @Test
  @DisplayName("reads the token from the Authorization header only, not from a cookie or the query")
  void headerOnly() {
    Http.Answer cookie = http.get("/api/user").cookie("token", accessToken).send();
    assertEquals(401, cookie.status());
    assertEquals("{\"message\":\"No auth token\"}", cookie.text());
    Http.Answer query = http.get("/api/user?token=" + accessToken).send();
    assertEquals(401, query.status());
  }

  @Test
  @DisplayName("refuses an alg:none token")
  void algNone() {
    assertRefused(user(Jwts.unsigned(libreChatClaims())));
    String[] signed = Jwts.hs256(libreChatClaims(), secrets.access()).split("\\.");
    String noneWithSignature = Jwts.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + signed[1] + "." + signed[2];
    assertRefused(user(noneWithSignature));
  }

  @Test
  @DisplayName("refuses a token whose payload was changed after signing")
  void tampered() {
    JsonObject claims = Jwts.payload(accessToken);
    assertRefused(user(Jwts.withPayload(accessToken, claims.copy().put("id", new ObjectId().toHexString()))));
    assertRefused(user(Jwts.withPayload(accessToken, claims.copy().put("exp", claims.getLong("exp") + 3600))));
  }

  @Test
  @DisplayName("refuses an expired token with 401 {\"message\":\"jwt expired\"}")
  void expired() {
    long now = Jwts.nowSeconds();
    String token = Jwts.hs256(libreChatClaims().put("iat", now - 3600).put("exp", now - 60), secrets.access());
    Http.Answer answer = user(token);
    assertEquals(401, answer.status(), answer.text());
    assertEquals("{\"message\":\"jwt expired\"}", answer.text());
  }

  @Test
  @DisplayName("refuses a refresh token presented as a bearer token, whichever secret signed it")
  void refreshAsBearer() {
    assertRefused(user(refreshToken));
    JsonObject refreshClaims = Jwts.payload(refreshToken);
    assertRefused(user(Jwts.hs256(refreshClaims, secrets.access())));
  }

  @Test
  @DisplayName("refuses an HS512 token signed with JWT_SECRET (HS256 only)")
  void hs512() {
    String token = Jwts.sign("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", libreChatClaims().encode(), "HmacSHA512",
      secrets.access());
    assertRefused(user(token));
  }

  @Test
  @DisplayName("accepts a token as LibreChat's jsonwebtoken signs it: its header order and its claims")
  void libreChatInterop() {
    String token = Jwts.hs256(libreChatClaims(), secrets.access());
    assertEquals(Jwts.JSONWEBTOKEN_HS256, Jwts.decode(token.split("\\.")[0]));
    Http.Answer answer = user(token);
    assertEquals(200, answer.status(), answer.text());
    assertEquals(userId, answer.json().getString("_id"));
    assertEquals(EMAIL, answer.json().getString("email"));
  }

  @Test
  @DisplayName("accepts a LibreChat token issued by a node whose clock runs ahead (jsonwebtoken ignores iat)")
  void issuedByClockAhead() {
    long now = Jwts.nowSeconds();
    String token = Jwts.hs256(libreChatClaims().put("iat", now + 30), secrets.access());
    Http.Answer answer = user(token);
    assertEquals(200, answer.status(), answer.text());
  }

  @Test
  @DisplayName("accepts a fractional exp, as jsonwebtoken writes for a SESSION_EXPIRY that is not whole seconds")
  void fractionalExp() {
    long now = Jwts.nowSeconds();
    Http.Answer answer = user(Jwts.hs256(libreChatClaims().put("exp", now + 900.5), secrets.access()));
    assertEquals(200, answer.status(), answer.text());
    Http.Answer expired = user(Jwts.hs256(libreChatClaims().put("iat", now - 3600).put("exp", now - 60.5),
      secrets.access()));
    assertEquals("{\"message\":\"jwt expired\"}", expired.text());
  }

  @Test
  @DisplayName("refuses a token that is not yet valid (nbf in the future)")
  void notBefore() {
    assertRefused(user(Jwts.hs256(libreChatClaims().put("nbf", Jwts.nowSeconds() + 600), secrets.access())));
  }

  @Test
  @DisplayName("refuses a token signed with another secret")
  void wrongSecret() {
    assertRefused(user(Jwts.hs256(libreChatClaims(), secrets.refresh())));
    assertRefused(user(Jwts.hs256(libreChatClaims(), "some-other-secret")));
  }

  @Test
  @DisplayName("refuses an access token presented as the refreshToken cookie with 403 'Invalid refresh token'")
  void accessAsRefresh() {
    for (String token : List.of(accessToken, Jwts.hs256(libreChatClaims(), secrets.refresh()))) {
      Http.Answer answer = http.post("/api/auth/refresh").cookie("refreshToken", token).send();
      assertEquals(403, answer.status(), answer.text());
      assertEquals("Invalid refresh token", answer.text());
    }
  }

  @Test
  @DisplayName("refuses a correctly signed token whose id is not an ObjectId")
  void idNotObjectId() {
    for (Object id : List.of("not-an-object-id", "12345", 12345, new JsonObject().put("$ne", ""))) {
      assertRefused(user(Jwts.hs256(libreChatClaims().put("id", id), secrets.access())));
    }
  }

  @Test
  @DisplayName("refuses a correctly signed token whose exp is not a number with 401, never 500")
  void malformedTimeClaim() {
    String token = Jwts.hs256(new JsonObject().put("id", "0123456789abcdef01234567").put("username", "x")
      .put("provider", "local").put("email", "x@example.com").put("iat", Jwts.nowSeconds()).put("exp", "tomorrow"),
      Jwts.secrets(server).access());
    Http.Answer answer = http.get("/api/user").bearer(token).send();
    assertEquals(401, answer.status(), answer.text());
  }
}
