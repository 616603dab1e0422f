package io.gatehouse.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.Jwts;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Store;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The second login step and the bearer 2FA routes are limited per address and per account")
class TwoFactorLimiterTest extends NodeSuite {
  private static final String LIMITED =
    "{\"message\":\"Too many verification attempts, please try again after 5 minutes.\"}";

  @Override
  protected Map<String, String> variables() {
    return Map.of("TWO_FACTOR_TEMP_MAX", "2", "CREDS_KEY", TwoFactorTest.CREDS_KEY, "BAN_VIOLATIONS", "true",
      "BAN_INTERVAL", "2");
  }

  private String tempTokenOf(String email) {
    return tempToken(enabledAccount(email));
  }

  /** An account with 2FA on (a plain secret, as LibreChat's oldest format), answering its id. */
  private String enabledAccount(String email) {
    return Store.insert(server, Store.USERS, Store.localUser(email, PasswordHasher.hashNow(Accounts.PASSWORD),
      true).put("twoFactorEnabled", true).put("totpSecret", "JBSWY3DPEHPK3PXP"));
  }

  private String tempToken(String userId) {
    return Jwts.hs256(new JsonObject().put("userId", userId).put("twoFAPending", true)
      .put("jti", java.util.UUID.randomUUID().toString()).put("iat", Jwts.nowSeconds())
      .put("exp", Jwts.nowSeconds() + 300), Jwts.secrets(server).access());
  }

  /** An access token as LibreChat signs it: what an attacker who stole one holds. */
  private String accessToken(String userId, String email) {
    return Jwts.hs256(new JsonObject().put("id", userId).put("username", null).put("provider", "local")
      .put("email", email).put("iat", Jwts.nowSeconds()).put("exp", Jwts.nowSeconds() + 900), Jwts.secrets(server).access());
  }

  private Http.Answer guess(String path, String accessToken, String ip) {
    return http.post(path).bearer(accessToken).header("X-Forwarded-For", ip).json(new JsonObject().put("token", "000000"));
  }

  private Http.Answer attempt(String tempToken, String ip) {
    return http.post("/api/auth/2fa/verify-temp").header("X-Forwarded-For", ip)
      .json(new JsonObject().put("tempToken", tempToken).put("token", "000000"));
  }

  @Test
  @DisplayName("one account from many addresses: the third attempt in the window is refused")
  void perAccount() {
    String temp = tempTokenOf("target@example.com");
    assertEquals(401, attempt(temp, "10.5.0.1").status());
    assertEquals(401, attempt(temp, "10.5.0.2").status());
    Http.Answer third = attempt(temp, "10.5.0.3");
    assertEquals(429, third.status());
    assertEquals(LIMITED, third.text());
  }

  @Test
  @DisplayName("many accounts from one address: the third attempt in the window is refused")
  void perAddress() {
    assertEquals(401, attempt(tempTokenOf("one@example.com"), "10.5.1.1").status());
    assertEquals(401, attempt(tempTokenOf("two@example.com"), "10.5.1.1").status());
    Http.Answer third = attempt(tempTokenOf("three@example.com"), "10.5.1.1");
    assertEquals(429, third.status());
    assertEquals(LIMITED, third.text());
  }

  @Test
  @DisplayName("limited attempts score against the account; once banned, its temp token gets the ban answer at once")
  void banned() {
    String temp = tempTokenOf("banned@example.com");
    assertEquals(401, attempt(temp, "10.5.2.1").status());
    assertEquals(401, attempt(temp, "10.5.2.2").status());
    assertEquals(429, attempt(temp, "10.5.2.3").status(), "score 1");
    Http.Answer crossing = attempt(temp, "10.5.2.4");
    assertEquals(403, crossing.status(), "score 2 crosses BAN_INTERVAL: " + crossing.text());
    Http.Answer after = attempt(temp, "10.5.2.5");
    assertEquals(403, after.status(), "the account is banned, from any address");
    assertEquals("{\"message\":\"Your account has been temporarily banned due to violations of our service.\"}",
      after.text());
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a bearer route that checks a code: the third guess in the window, from any address, is refused")
  @CsvSource({"enable, 10.5.3", "verify, 10.5.5", "confirm, 10.5.6", "disable, 10.5.7", "backup/regenerate, 10.5.8"})
  void bearerRoutes(String route, String subnet) {
    String email = route.replace('/', '-') + "@example.com";
    String token = accessToken(enabledAccount(email), email);
    String path = "/api/auth/2fa/" + route;
    assertNotEquals(429, guess(path, token, subnet + ".1").status());
    assertNotEquals(429, guess(path, token, subnet + ".2").status());
    Http.Answer third = guess(path, token, subnet + ".3");
    assertEquals(429, third.status(), third.text());
    assertEquals(LIMITED, third.text());
    assertEquals("2", third.header("X-RateLimit-Limit"));
  }

  @Test
  @DisplayName("guesses at disable share the account's bucket with the second login step, score, and end in a ban")
  void bearerGuessesBan() {
    String email = "stolen@example.com";
    String userId = enabledAccount(email);
    String token = accessToken(userId, email);
    assertEquals(401, attempt(tempToken(userId), "10.5.4.1").status());
    assertEquals(401, guess("/api/auth/2fa/disable", token, "10.5.4.2").status());
    assertEquals(429, guess("/api/auth/2fa/disable", token, "10.5.4.3").status(), "score 1");
    Http.Answer crossing = guess("/api/auth/2fa/backup/regenerate", token, "10.5.4.4");
    assertEquals(403, crossing.status(), "score 2 crosses BAN_INTERVAL: " + crossing.text());
    assertEquals(403, attempt(tempToken(userId), "10.5.4.5").status(), "the account is banned for the login step too");
    assertEquals(Boolean.TRUE, Store.userByEmail(server, email).getBoolean("twoFactorEnabled"));
  }
}
