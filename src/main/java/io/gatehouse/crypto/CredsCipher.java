package io.gatehouse.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * LibreChat's encryption at rest with {@code CREDS_KEY} (32 bytes given as hex): writes its current
 * {@code v3:<iv hex>:<ciphertext hex>} (AES-256-CTR, a random IV each time) and still reads its older
 * {@code <iv hex>:<ciphertext hex>} (AES-256-CBC) values, so a database carried over from LibreChat keeps
 * working. JDK crypto only; the first use loads providers, so callers run it off the event loop.
 */
public final class CredsCipher {
  private static final String V3 = "v3:";
  private static final HexFormat HEX = HexFormat.of();

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public CredsCipher(String hexKey) {
    byte[] bytes = HEX.parseHex(hexKey);
    if (bytes.length != 32) {
      throw new IllegalArgumentException("CREDS_KEY must be 32 bytes");
    }
    this.key = new SecretKeySpec(bytes, "AES");
  }

  public String encrypt(String plain) {
    byte[] iv = new byte[16];
    random.nextBytes(iv);
    byte[] cipherText = run("AES/CTR/NoPadding", Cipher.ENCRYPT_MODE, iv, plain.getBytes(StandardCharsets.UTF_8));
    return V3 + HEX.formatHex(iv) + ":" + HEX.formatHex(cipherText);
  }

  /** The plain value, or empty when the value is not one of LibreChat's formats or does not decrypt. */
  public Optional<String> decrypt(String stored) {
    try {
      if (stored.startsWith(V3)) {
        String[] parts = stored.substring(V3.length()).split(":", 2);
        return Optional.of(plain(run("AES/CTR/NoPadding", Cipher.DECRYPT_MODE, HEX.parseHex(parts[0]),
          HEX.parseHex(parts[1]))));
      }
      String[] parts = stored.split(":", 2);
      if (parts.length == 2) {
        return Optional.of(plain(run("AES/CBC/PKCS5Padding", Cipher.DECRYPT_MODE, HEX.parseHex(parts[0]),
          HEX.parseHex(parts[1]))));
      }
      return Optional.empty();
    } catch (IllegalArgumentException | IllegalStateException | ArrayIndexOutOfBoundsException malformed) {
      return Optional.empty();
    }
  }

  private byte[] run(String transformation, int mode, byte[] iv, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance(transformation);
      cipher.init(mode, key, new IvParameterSpec(iv));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      // a wrong IV length or padding: the stored value is not ours to read
      throw new IllegalStateException("cannot " + (mode == Cipher.ENCRYPT_MODE ? "encrypt" : "decrypt"), e);
    }
  }

  private static String plain(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "CredsCipher[redacted]";
  }
}
