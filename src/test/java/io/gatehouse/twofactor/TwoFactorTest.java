package io.gatehouse.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.cluster.Announcements;
import io.gatehouse.revocation.RevocationStore;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.Jwts;
import io.gatehouse.testing.LogCapture;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Store;
import io.gatehouse.testing.TestGatehouse;
import io.gatehouse.testing.TotpCodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TOTP two-factor authentication")
class TwoFactorTest extends NodeSuite {
  static final String CREDS_KEY = "5fd3c1b0a9e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffee";
  private final LogCapture logs = LogCapture.open();
  private final List<String> secrets = new ArrayList<>();

  @Override
  protected Map<String, String> variables() {
    return Map.of("CREDS_KEY", CREDS_KEY, "APP_TITLE", "Acme Chat");
  }

  @AfterAll
  void noCodeLogged() {
    logs.close();
    assertEquals(List.of(), logs.containing(secrets), "no TOTP secret, code or backup code in any log line");
    for (String outcome : List.of("enrolment_started", "enabled", "disabled", "backup_codes_regenerated", "refused")) {
      assertTrue(logs.lines().stream().anyMatch(line -> line.startsWith("gatehouse.security two_factor")
        && line.contains("outcome=\"" + outcome + "\"")), "a two_factor " + outcome + " security event");
    }
  }

  /** An account with 2FA enrolled: its authenticator, its backup codes and an access token. */
  private record Enrolled(String email, String userId, String accessToken, TotpCodes codes, List<String> backupCodes) {
  }

  private Http.Answer post(String path, String accessToken, JsonObject body) {
    return http.post(path).bearer(accessToken).json(body);
  }

  private Enrolled enrol(String email) {
    Http.Answer login = Accounts.registerAndLogin(http, email);
    String accessToken = login.json().getString("token");
    String userId = login.json().getJsonObject("user").getString("_id");
    Http.Answer enabled = post("/api/auth/2fa/enable", accessToken, new JsonObject());
    assertEquals(200, enabled.status(), enabled.text());
    String url = enabled.json().getString("otpauthUrl");
    List<String> backupCodes = enabled.json().getJsonArray("backupCodes").stream().map(String::valueOf).toList();
    secrets.add(url.substring(url.indexOf("secret=") + 7, url.indexOf('&')));
    secrets.addAll(backupCodes);
    TotpCodes codes = TotpCodes.fromOtpauthUrl(url);
    String code = codes.next();
    assertEquals(200, post("/api/auth/2fa/verify", accessToken, new JsonObject().put("token", code)).status());
    Http.Answer confirmed = post("/api/auth/2fa/confirm", accessToken, new JsonObject().put("token", code));
    assertEquals(200, confirmed.status(), confirmed.text());
    return new Enrolled(email, userId, accessToken, codes, backupCodes);
  }

  /** The password step of a login for an account with 2FA: the temp token. */
  private String tempToken(String email) {
    Http.Answer login = Accounts.login(http, email);
    assertEquals(true, login.json().getBoolean("twoFAPending"), login.text());
    return login.json().getString("tempToken");
  }

  private Http.Answer verifyTemp(String tempToken, String field, String code) {
    JsonObject body = new JsonObject().put("tempToken", tempToken);
    if (field != null) {
      body.put(field, code);
    }
    return http.post("/api/auth/2fa/verify-temp").json(body);
  }

  @Test
  @DisplayName("enrols with codes computed from the otpauth secret, and then asks for the second factor at login")
  void enrolment() {
    String email = "enrol@example.com";
    Http.Answer login = Accounts.registerAndLogin(http, email);
    String accessToken = login.json().getString("token");
    assertEquals(Boolean.FALSE, http.get("/api/user").bearer(accessToken).send().json().getBoolean("twoFactorEnabled"),
      "and now the profile is cached");
    Http.Answer enabled = post("/api/auth/2fa/enable", accessToken, new JsonObject());
    assertEquals(200, enabled.status(), enabled.text());
    String url = enabled.json().getString("otpauthUrl");
    assertTrue(url.matches("otpauth://totp/AcmeChat:enrol@example\\.com\\?secret=[A-Z2-7]{16}&issuer=AcmeChat"), url);
    JsonArray backupCodes = enabled.json().getJsonArray("backupCodes");
    assertEquals(10, backupCodes.size());
    backupCodes.forEach(code -> assertTrue(String.valueOf(code).matches("[0-9a-f]{8}"), String.valueOf(code)));
    String secret = url.substring(url.indexOf("secret=") + 7, url.indexOf('&'));
    secrets.add(secret);

    JsonObject stored = Store.userByEmail(server, email);
    assertTrue(stored.getString("pendingTotpSecret").startsWith("v3:"), "the secret is encrypted at rest");
    assertFalse(stored.encode().contains(secret));
    for (Object code : backupCodes) {
      assertFalse(stored.encode().contains(String.valueOf(code)), "backup codes are stored hashed");
    }
    assertEquals(10, stored.getJsonArray("pendingBackupCodes").size());

    TotpCodes codes = TotpCodes.fromOtpauthUrl(url);
    Http.Answer wrongConfirm = post("/api/auth/2fa/confirm", accessToken, new JsonObject().put("token", "000000"));
    assertEquals(400, wrongConfirm.status());
    assertEquals("{\"message\":\"Invalid token.\"}", wrongConfirm.text());
    Http.Answer wrongVerify = post("/api/auth/2fa/verify", accessToken, new JsonObject().put("token", "000000"));
    assertEquals("{\"message\":\"Invalid token or backup code.\"}", wrongVerify.text());

    String code = codes.next();
    Http.Answer verified = post("/api/auth/2fa/verify", accessToken, new JsonObject().put("token", code));
    assertEquals(200, verified.status(), verified.text());
    assertEquals("", verified.text(), "LibreChat's empty JSON answer");
    assertTrue(verified.header("Content-Type").startsWith("application/json"));
    Http.Answer confirmed = post("/api/auth/2fa/confirm", accessToken, new JsonObject().put("token", code));
    assertEquals(200, confirmed.status(), confirmed.text());
    assertEquals("", confirmed.text());
    assertEquals(Boolean.TRUE, Eventually.until(Duration.ofSeconds(5), "the cached profile to be dropped",
      () -> http.get("/api/user").bearer(accessToken).send().json().getBoolean("twoFactorEnabled"), Boolean.TRUE::equals));
    JsonObject active = Store.userByEmail(server, email);
    assertNull(active.getValue("pendingTotpSecret"));
    assertTrue(active.getString("totpSecret").startsWith("v3:"));

    String tempToken = tempToken(email);
    Http.Answer replay = verifyTemp(tempToken, "token", code);
    assertEquals(401, replay.status(), "the code that confirmed enrolment is spent");
    assertEquals("{\"message\":\"Invalid 2FA code or backup code\"}", replay.text());
    Http.Answer done = verifyTemp(tempToken, "token", codes.next());
    assertEquals(200, done.status(), done.text());
    assertNotNull(done.json().getString("token"));
    JsonObject user = done.json().getJsonObject("user");
    assertEquals(user.getString("_id"), user.getString("id"));
    for (String field : List.of("password", "totpSecret", "backupCodes", "pendingTotpSecret", "totpLastUsedStep")) {
      assertFalse(user.containsKey(field), field);
    }
    assertNotNull(done.cookie("refreshToken"));
    String refreshed = http.post("/api/auth/refresh").cookie("refreshToken", done.cookie("refreshToken")).send().text();
    assertTrue(refreshed.contains("\"token\""), refreshed);
  }

  @Test
  @DisplayName("accepts a TOTP code once: the same code again, at login or elsewhere, is refused")
  void replayRefused() {
    Enrolled account = enrol("replay@example.com");
    String code = account.codes().next();
    assertEquals(200, verifyTemp(tempToken(account.email()), "token", code).status());
    Http.Answer again = verifyTemp(tempToken(account.email()), "token", code);
    assertEquals(401, again.status());
    Http.Answer disable = post("/api/auth/2fa/disable", account.accessToken(), new JsonObject().put("token", code));
    assertEquals(401, disable.status(), "a replay does not disable 2FA either");
    assertEquals("{\"message\":\"Invalid token or backup code\"}", disable.text());
  }

  @Test
  @DisplayName("accepts each backup code once, stored as LibreChat marks it used")
  void backupCodeOnce() {
    Enrolled account = enrol("backup@example.com");
    String backup = account.backupCodes().get(3);
    Http.Answer first = verifyTemp(tempToken(account.email()), "backupCode", " " + backup + " ");
    assertEquals(200, first.status(), first.text());
    Http.Answer second = verifyTemp(tempToken(account.email()), "backupCode", backup);
    assertEquals(401, second.status());
    JsonArray stored = Store.userByEmail(server, account.email()).getJsonArray("backupCodes");
    assertEquals(1, stored.stream().filter(code -> ((JsonObject) code).getBoolean("used")).count());
    assertEquals(200, verifyTemp(tempToken(account.email()), "backupCode", account.backupCodes().get(4)).status());
  }

  @Test
  @DisplayName("disabling needs a current code: none is 400, a wrong one 401, a right one turns 2FA off")
  void disable() {
    Enrolled account = enrol("disable@example.com");
    Http.Answer none = post("/api/auth/2fa/disable", account.accessToken(), new JsonObject());
    assertEquals(400, none.status());
    assertEquals("{\"message\":\"Either token or backup code is required to disable 2FA\"}", none.text());
    Http.Answer wrong = post("/api/auth/2fa/disable", account.accessToken(), new JsonObject().put("token", "123456"));
    assertEquals(401, wrong.status());
    Http.Answer done = post("/api/auth/2fa/disable", account.accessToken(),
      new JsonObject().put("token", account.codes().next()));
    assertEquals(200, done.status(), done.text());
    assertEquals("", done.text());
    assertTrue(Accounts.login(http, account.email()).json().containsKey("token"), "a plain login again");
    Http.Answer again = post("/api/auth/2fa/disable", account.accessToken(), new JsonObject());
    assertEquals("{\"message\":\"2FA is not setup for this user\"}", again.text());
  }

  @Test
  @DisplayName("new backup codes need a current code and replace the old ones")
  void regenerate() {
    Enrolled account = enrol("regenerate@example.com");
    Http.Answer none = post("/api/auth/2fa/backup/regenerate", account.accessToken(), new JsonObject());
    assertEquals(400, none.status());
    assertEquals("{\"message\":\"TOTP token or backup code is required to regenerate backup codes\"}", none.text());
    Http.Answer done = post("/api/auth/2fa/backup/regenerate", account.accessToken(),
      new JsonObject().put("backupCode", account.backupCodes().get(0)));
    assertEquals(200, done.status(), done.text());
    JsonArray fresh = done.json().getJsonArray("backupCodes");
    JsonArray hashes = done.json().getJsonArray("backupCodesHash");
    assertEquals(10, fresh.size());
    assertEquals(10, hashes.size());
    assertEquals(Boolean.FALSE, hashes.getJsonObject(0).getBoolean("used"));
    assertEquals(64, hashes.getJsonObject(0).getString("codeHash").length());
    fresh.forEach(code -> secrets.add(String.valueOf(code)));
    assertEquals(401, verifyTemp(tempToken(account.email()), "backupCode", account.backupCodes().get(1)).status(),
      "old codes are gone");
    assertEquals(200, verifyTemp(tempToken(account.email()), "backupCode", fresh.getString(0)).status());
  }

  @Test
  @DisplayName("re-enrolling an account with 2FA on needs a current code")
  void reEnrol() {
    Enrolled account = enrol("reenrol@example.com");
    Http.Answer none = post("/api/auth/2fa/enable", account.accessToken(), new JsonObject());
    assertEquals(400, none.status());
    assertEquals("{\"message\":\"TOTP token or backup code is required to re-enroll 2FA\"}", none.text());
    Http.Answer wrong = post("/api/auth/2fa/enable", account.accessToken(), new JsonObject().put("backupCode", "ffffffff"));
    assertEquals(401, wrong.status());
    Http.Answer again = post("/api/auth/2fa/enable", account.accessToken(),
      new JsonObject().put("token", account.codes().next()));
    assertEquals(200, again.status(), again.text());
  }

  @Test
  @DisplayName("a temp token opens one session: a second use is refused, with another code or a backup code")
  void tempTokenOnce() {
    Enrolled account = enrol("once@example.com");
    String temp = tempToken(account.email());
    Http.Answer first = verifyTemp(temp, "token", account.codes().next());
    assertEquals(200, first.status(), first.text());
    assertNotNull(first.cookie("gatehouse_device"), "the second step is a login: it sets a device cookie");
    Http.Answer again = verifyTemp(temp, "backupCode", account.backupCodes().get(0));
    assertEquals(401, again.status(), again.text());
    assertEquals("{\"message\":\"Invalid or expired temporary token\"}", again.text());
    JsonArray stored = Store.userByEmail(server, account.email()).getJsonArray("backupCodes");
    assertEquals(0, stored.stream().filter(code -> ((JsonObject) code).getBoolean("used")).count(),
      "a spent temp token uses up no backup code");
    assertEquals(200, verifyTemp(tempToken(account.email()), "backupCode", account.backupCodes().get(0)).status(),
      "a new temp token works");
  }

  @Test
  @DisplayName("a temp token issued before its account's tokens were revoked (password reset, deletion, ban) is refused")
  void tempTokenRevoked() {
    Enrolled account = enrol("revoked-temp@example.com");
    String temp = tempToken(account.email());
    RevocationStore revocations = new RevocationStore(redis.client(), new Announcements(server.vertx(), redis.client()),
      15 * 60_000, 60_000);
    TestGatehouse.await(revocations.revoke(account.userId(), System.currentTimeMillis()));
    String invalid = "{\"message\":\"Invalid or expired temporary token\"}";
    Eventually.until(Duration.ofSeconds(5), "the revocation reaches the node", () -> verifyTemp(temp, "token", "000000"),
      answer -> invalid.equals(answer.text()));
    Http.Answer refused = verifyTemp(temp, "backupCode", account.backupCodes().get(2));
    assertEquals(401, refused.status());
    assertEquals(invalid, refused.text());
  }

  @Test
  @DisplayName("the second step answers LibreChat's errors for missing, invalid and misplaced tokens")
  void verifyTempErrors() {
    Http.Answer missing = verifyTemp(null, "token", "123456");
    assertEquals(400, missing.status());
    assertEquals("{\"message\":\"Missing temporary token\"}", missing.text());
    Http.Answer forged = verifyTemp("a.b.c", "token", "123456");
    assertEquals(401, forged.status());
    assertEquals("{\"message\":\"Invalid or expired temporary token\"}", forged.text());

    Http.Answer plain = Accounts.registerAndLogin(http, "plain@example.com");
    String accessToken = plain.json().getString("token");
    assertEquals(401, verifyTemp(accessToken, "token", "123456").status(), "an access token is no temp token");
    String userId = plain.json().getJsonObject("user").getString("_id");
    String temp = Jwts.hs256(new JsonObject().put("userId", userId).put("twoFAPending", true).put("jti", "a-temp-token")
      .put("iat", Jwts.nowSeconds()).put("exp", Jwts.nowSeconds() + 300), Jwts.secrets(server).access());
    String withoutJti = Jwts.hs256(new JsonObject().put("userId", userId).put("twoFAPending", true)
      .put("iat", Jwts.nowSeconds()).put("exp", Jwts.nowSeconds() + 300), Jwts.secrets(server).access());
    assertEquals(401, verifyTemp(withoutJti, "token", "123456").status(), "a temp token that cannot be spent is none");
    Http.Answer notEnabled = verifyTemp(temp, "token", "123456");
    assertEquals(400, notEnabled.status());
    assertEquals("{\"message\":\"2FA is not enabled for this user\"}", notEnabled.text());
    Http.Answer typed = http.post("/api/auth/2fa/verify-temp")
      .json(new JsonObject().put("tempToken", temp).put("token", 123456));
    assertEquals(400, typed.status(), typed.text());
    Http.Answer notStarted = post("/api/auth/2fa/confirm", accessToken, new JsonObject().put("token", "123456"));
    assertEquals(400, notStarted.status());
    assertEquals("{\"message\":\"2FA not initiated\"}", notStarted.text());
    assertEquals(401, http.post("/api/auth/2fa/enable").json(new JsonObject()).status(), "bearer routes need a token");
  }
}
