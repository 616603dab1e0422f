package io.gatehouse.testing;

import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An authenticator app for tests: codes computed from the secret of an otpauth URL (RFC 6238, HMAC-SHA1,
 * 30 s, 6 digits), written here apart from the server's code. {@link #next()} hands out each step once,
 * in order, as a server that refuses replays needs, waiting for the clock when the window is used up.
 */
public final class TotpCodes {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private final byte[] key;
  private long lastStep = Long.MIN_VALUE;

  public TotpCodes(String base32Secret) {
    this.key = base32(base32Secret);
  }

  /** The authenticator for the {@code secret} parameter of an {@code otpauth://totp/...} URL. */
  public static TotpCodes fromOtpauthUrl(String url) {
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      if (pair.startsWith("secret=")) {
        return new TotpCodes(pair.substring("secret=".length()));
      }
    }
    throw new AssertionError("no secret in " + url);
  }

  public static long currentStep() {
    return System.currentTimeMillis() / 30_000;
  }

  /** A code the server has not been shown yet: the earliest step after the last one handed out, within now ± 1. */
  public String next() {
    long step = Math.max(lastStep + 1, currentStep() - 1);
    if (step > currentStep() + 1) {
      Eventually.until(Duration.ofSeconds(40), "the clock to reach TOTP step " + (step - 1), TotpCodes::currentStep,
        now -> now + 1 >= step);
    }
    lastStep = step;
    return code(step);
  }

  public String code(long step) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      byte[] hmac = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
      int at = hmac[19] & 0xf;
      long truncated = ByteBuffer.wrap(hmac, at, 4).getInt() & 0x7fffffffL;
      return String.format(Locale.ROOT, "%06d", truncated % 1_000_000);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** base32 through one big number: 5 bits a character, leading zero bytes kept by the length. */
  private static byte[] base32(String text) {
    String clean = text.toUpperCase(Locale.ROOT).replace("=", "");
    BigInteger value = BigInteger.ZERO;
    for (char c : clean.toCharArray()) {
      value = value.shiftLeft(5).or(BigInteger.valueOf(ALPHABET.indexOf(c)));
    }
    int bytes = clean.length() * 5 / 8;
    value = value.shiftRight(clean.length() * 5 - bytes * 8);
    byte[] raw = value.toByteArray();
    byte[] out = new byte[bytes];
    System.arraycopy(raw, Math.max(0, raw.length - bytes), out, Math.max(0, bytes - raw.length), Math.min(bytes, raw.length));
    return out;
  }
}
