package io.gatehouse.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Encryption at rest with CREDS_KEY, as LibreChat's")
class CredsCipherTest {
  private static final String KEY = "f34be427ebb29de8d88c107a71546019685ed8b241d8f2ed00c3df97ad2566f0";
  private static final String SECRET = "JBSWY3DPEHPK3PXP";
  /**
   * Made by Node's crypto with LibreChat's encryptV3 (createCipheriv('aes-256-ctr', key, iv), iv 00..0f) and
   * its AES-CBC predecessor (iv 0f..00, PKCS#7 padding) for this key and secret.
   */
  private static final String LIBRECHAT_V3 = "v3:000102030405060708090a0b0c0d0e0f:58860d8f9d5bc7ed0d94318776525e86";
  private static final String LIBRECHAT_V2 = "0f0e0d0c0b0a09080706050403020100:"
    + "841a048acdd52b288374a359db0dd9cb4d5e9d8d2990a8ecdf839dcc78d10124";

  private final CredsCipher cipher = new CredsCipher(KEY);

  @Test
  @DisplayName("reads LibreChat's v3 (AES-256-CTR) and older iv:ciphertext (AES-256-CBC) values")
  void readsLibreChat() {
    assertEquals(Optional.of(SECRET), cipher.decrypt(LIBRECHAT_V3));
    assertEquals(Optional.of(SECRET), cipher.decrypt(LIBRECHAT_V2));
  }

  @Test
  @DisplayName("writes v3 with a fresh IV each time, which it reads back")
  void writesV3() {
    String first = cipher.encrypt(SECRET);
    String second = cipher.encrypt(SECRET);
    assertTrue(first.matches("v3:[0-9a-f]{32}:[0-9a-f]{32}"), first);
    assertNotEquals(first, second);
    assertEquals(Optional.of(SECRET), cipher.decrypt(first));
  }

  @Test
  @DisplayName("answers nothing for values that are not its formats, rather than failing")
  void malformed() {
    for (String value : new String[] {"", "v3:", "v3:zz:00", "v3:0011:", "nothex:0011", "00:11",
      "000102030405060708090a0b0c0d0e0f:00"}) {
      assertEquals(Optional.empty(), cipher.decrypt(value), value);
    }
  }
}
