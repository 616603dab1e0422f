package io.gatehouse.twofactor;

import io.gatehouse.crypto.Hashes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * LibreChat's backup codes: ten of 4 random bytes as 8 lower-case hex characters, stored only as
 * {@code {codeHash: sha256 hex, used: false, usedAt: null}}.
 */
final class BackupCodes {
  static final int COUNT = 10;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The plain codes, shown once, and what is stored for them. */
  record Issued(List<String> plain, JsonArray stored) {
  }

  private BackupCodes() {
  }

  static Issued issue() {
    List<String> plain = new ArrayList<>();
    JsonArray stored = new JsonArray();
    for (int i = 0; i < COUNT; i++) {
      byte[] bytes = new byte[4];
      RANDOM.nextBytes(bytes);
      String code = HexFormat.of().formatHex(bytes);
      plain.add(code);
      stored.add(new JsonObject().put("codeHash", hash(code)).put("used", false).put("usedAt", (Object) null));
    }
    return new Issued(plain, stored);
  }

  /** The stored hash of what the user typed (trimmed, as LibreChat compares). */
  static String hash(String code) {
    return Hashes.sha256Hex(code.strip());
  }
}
