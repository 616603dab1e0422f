package io.gatehouse.twofactor;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 TOTP as LibreChat computes it: HMAC-SHA1, 30-second steps, 6 digits, a code accepted one step
 * either side of now. vertx-auth-otp checks the current step only, so it would refuse codes every
 * authenticator app produces near a step boundary; this is the RFC's algorithm on the JDK's HMAC.
 */
final class Totp {
  static final long STEP_MS = 30_000;
  static final int DIGITS = 6;
  /** No step was matched. */
  static final long NONE = Long.MIN_VALUE;
  private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

  private Totp() {
  }

  static long step(long epochMs) {
    return Math.floorDiv(epochMs, STEP_MS);
  }

  /** The code of one step, {@code digits} long with leading zeros (RFC 4226 dynamic truncation). */
  static String code(byte[] key, long step, int digits) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = hash[hash.length - 1] & 0x0f;
      int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8)
        | (hash[offset + 3] & 0xff);
      String code = Integer.toString(binary % POWERS[digits]);
      return "0".repeat(digits - code.length()) + code;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JVM", e);
    }
  }

  /**
   * The step in now ± 1 whose code this is, taking only steps after {@code afterStep} (a code is accepted
   * once: the caller remembers the step it last accepted); {@link #NONE} when none matches.
   */
  static long matchingStep(byte[] key, String code, long nowMs, long afterStep) {
    if (code == null || code.length() != DIGITS) {
      return NONE;
    }
    byte[] given = code.getBytes(StandardCharsets.US_ASCII);
    long now = step(nowMs);
    for (long step = now - 1; step <= now + 1; step++) {
      if (step > afterStep && MessageDigest.isEqual(code(key, step, DIGITS).getBytes(StandardCharsets.US_ASCII), given)) {
        return step;
      }
    }
    return NONE;
  }
}
