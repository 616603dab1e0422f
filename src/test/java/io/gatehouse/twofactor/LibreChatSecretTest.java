package io.gatehouse.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Store;
import io.gatehouse.testing.TotpCodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Accounts whose second factor LibreChat enrolled: secrets encrypted here the way LibreChat's crypto does
 * (AES-256 with the raw CREDS_KEY bytes; v3 = CTR, the older format = CBC), written with the JDK directly
 * rather than through Gatehouse's code, then used to log in.
 */
@DisplayName("Second factors enrolled by LibreChat keep working")
class LibreChatSecretTest extends NodeSuite {
  private static final String SECRET = "JBSWY3DPEHPK3PXP";
  private static final String BACKUP_CODE = "a1b2c3d4";
  private static final HexFormat HEX = HexFormat.of();

  @Override
  protected Map<String, String> variables() {
    return Map.of("CREDS_KEY", TwoFactorTest.CREDS_KEY);
  }

  /** LibreChat's encryptV3: {@code v3:<iv hex>:<AES-256-CTR ciphertext hex>}. */
  private static String encryptV3(String plain, String hexKey) {
    byte[] iv = new byte[16];
    new SecureRandom().nextBytes(iv);
    return "v3:" + HEX.formatHex(iv) + ":" + HEX.formatHex(aes("AES/CTR/NoPadding", hexKey, iv, plain));
  }

  /** LibreChat's older encryptV2: {@code <iv hex>:<AES-256-CBC ciphertext hex>}, PKCS#7 padded. */
  private static String encryptV2(String plain) {
    byte[] iv = new byte[16];
    new SecureRandom().nextBytes(iv);
    return HEX.formatHex(iv) + ":" + HEX.formatHex(aes("AES/CBC/PKCS5Padding", TwoFactorTest.CREDS_KEY, iv, plain));
  }

  private static byte[] aes(String transformation, String hexKey, byte[] iv, String plain) {
    try {
      Cipher cipher = Cipher.getInstance(transformation);
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(HEX.parseHex(hexKey), "AES"), new IvParameterSpec(iv));
      return cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(String text) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A user as LibreChat leaves one with 2FA on. */
  private void seed(String email, String storedSecret) {
    JsonObject user = Store.localUser(email, PasswordHasher.hashNow(Accounts.PASSWORD), true)
      .put("twoFactorEnabled", true)
      .put("totpSecret", storedSecret)
      .put("backupCodes", new JsonArray().add(new JsonObject().put("codeHash", sha256(BACKUP_CODE)).put("used", false)
        .put("usedAt", (Object) null)));
    Store.insert(server, Store.USERS, user);
  }

  private Http.Answer secondStep(String email, JsonObject factor) {
    Http.Answer login = Accounts.login(http, email);
    assertEquals(true, login.json().getBoolean("twoFAPending"), login.text());
    return http.post("/api/auth/2fa/verify-temp").json(factor.put("tempToken", login.json().getString("tempToken")));
  }

  @Test
  @DisplayName("a v3 secret (AES-256-CTR) verifies a code computed from it")
  void v3() {
    seed("v3@example.com", encryptV3(SECRET, TwoFactorTest.CREDS_KEY));
    Http.Answer answer = secondStep("v3@example.com", new JsonObject().put("token", new TotpCodes(SECRET).next()));
    assertEquals(200, answer.status(), answer.text());
  }

  @Test
  @DisplayName("the older iv:ciphertext (AES-256-CBC) and plain 16-character secrets verify too")
  void olderFormats() {
    seed("v2@example.com", encryptV2(SECRET));
    assertEquals(200, secondStep("v2@example.com", new JsonObject().put("token", new TotpCodes(SECRET).next())).status());
    seed("plain@example.com", SECRET);
    assertEquals(200, secondStep("plain@example.com", new JsonObject().put("token", new TotpCodes(SECRET).next())).status());
  }

  @Test
  @DisplayName("LibreChat's hashed backup codes work, once")
  void backupCodes() {
    seed("backup@example.com", encryptV3(SECRET, TwoFactorTest.CREDS_KEY));
    assertEquals(200, secondStep("backup@example.com", new JsonObject().put("backupCode", BACKUP_CODE)).status());
    assertEquals(401, secondStep("backup@example.com", new JsonObject().put("backupCode", BACKUP_CODE)).status());
  }

  @Test
  @DisplayName("a secret encrypted with another CREDS_KEY is reported corrupted where LibreChat says so")
  void otherKey() {
    String email = "otherkey@example.com";
    seed(email, encryptV3(SECRET, "00".repeat(32)));
    Http.Answer refused = secondStep(email, new JsonObject().put("token", new TotpCodes(SECRET).next()));
    assertEquals(401, refused.status(), refused.text());
    Http.Answer backup = secondStep(email, new JsonObject().put("backupCode", BACKUP_CODE));
    assertEquals(200, backup.status(), "the backup codes still let the user in");
    Http.Answer disable = http.post("/api/auth/2fa/disable").bearer(backup.json().getString("token"))
      .json(new JsonObject().put("token", "123456"));
    assertEquals(400, disable.status());
    assertEquals("{\"message\":\"2FA secret is missing or corrupted\"}", disable.text());
  }
}
