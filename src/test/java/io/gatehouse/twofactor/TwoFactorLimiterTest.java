package io.gatehouse.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

@DisplayName("The second login step is limited per address and per account")
class TwoFactorLimiterTest extends NodeSuite {
  private static final String LIMITED =
    "{\"message\":\"Too many verification attempts, please try again after 5 minutes.\"}";

  @Override
  protected Map<String, String> variables() {
    return Map.of("TWO_FACTOR_TEMP_MAX", "2", "CREDS_KEY", TwoFactorTest.CREDS_KEY, "BAN_VIOLATIONS", "true",
      "BAN_INTERVAL", "2");
  }

  private String tempTokenOf(String email) {
    String userId = Store.insert(server, Store.USERS, Store.localUser(email, PasswordHasher.hashNow(Accounts.PASSWORD),
      true).put("twoFactorEnabled", true).put("totpSecret", "JBSWY3DPEHPK3PXP"));
    return Jwts.hs256(new JsonObject().put("userId", userId).put("twoFAPending", true).put("iat", Jwts.nowSeconds())
      .put("exp", Jwts.nowSeconds() + 300), Jwts.secrets(server).access());
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
}
