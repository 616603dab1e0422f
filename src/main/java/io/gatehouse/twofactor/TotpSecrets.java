package io.gatehouse.twofactor;

import io.gatehouse.crypto.CredsCipher;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * TOTP secrets as LibreChat keeps them: 10 random bytes in base32 (16 characters), stored encrypted with
 * {@code CREDS_KEY}. A stored value of exactly 16 characters is a plain secret from before encryption; a
 * value that does not decrypt to base32 is corrupted (or encrypted with another CREDS_KEY).
 */
final class TotpSecrets {
  private static final int PLAIN_LENGTH = 16;
  private final CredsCipher cipher;
  private final SecureRandom random = new SecureRandom();

  /** {@code cipher} is null when the server has no CREDS_KEY: only plain secrets can be read then. */
  TotpSecrets(CredsCipher cipher) {
    this.cipher = cipher;
  }

  boolean canEncrypt() {
    return cipher != null;
  }

  /** A new secret in base32, as the otpauth URL carries it. */
  String generate() {
    byte[] bytes = new byte[10];
    random.nextBytes(bytes);
    return Base32.encode(bytes);
  }

  String encrypt(String base32) {
    return cipher.encrypt(base32);
  }

  /** The key bytes of a stored secret, or empty when it is missing, unreadable or corrupted. */
  Optional<byte[]> key(String stored) {
    if (stored == null || stored.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> base32 = stored.length() == PLAIN_LENGTH ? Optional.of(stored)
      : cipher == null ? Optional.empty() : cipher.decrypt(stored);
    return base32.map(Base32::decode).filter(key -> key.length >= 10);
  }
}
