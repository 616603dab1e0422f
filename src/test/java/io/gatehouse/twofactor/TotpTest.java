package io.gatehouse.twofactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("TOTP (RFC 6238) and base32 (RFC 4648)")
class TotpTest {
  /** The RFC's SHA-1 seed: the ASCII digits 1234567890 twice. */
  private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest(name = "T = {0} s gives {1}")
  @DisplayName("matches RFC 6238 appendix B's SHA-1 test vectors (8 digits, and their last 6 for our codes)")
  @CsvSource({"59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
    "2000000000, 69279037", "20000000000, 65353130"})
  void rfcVectors(long seconds, String expected) {
    long step = Totp.step(seconds * 1000);
    assertEquals(expected, Totp.code(RFC_SEED, step, 8));
    assertEquals(expected.substring(2), Totp.code(RFC_SEED, step, Totp.DIGITS));
  }

  @Test
  @DisplayName("accepts a code one step either side of now, not two, and only for steps after the last accepted one")
  void window() {
    long now = 1_234_567_890_000L;
    long step = Totp.step(now);
    for (long offset = -1; offset <= 1; offset++) {
      assertEquals(step + offset, Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step + offset, 6), now, Totp.NONE));
    }
    assertEquals(Totp.NONE, Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step + 2, 6), now, Totp.NONE));
    assertEquals(Totp.NONE, Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step - 2, 6), now, Totp.NONE));
    String current = Totp.code(RFC_SEED, step, 6);
    assertEquals(Totp.NONE, Totp.matchingStep(RFC_SEED, current, now, step), "the step was accepted already");
    assertEquals(Totp.NONE, Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step - 1, 6), now, step), "an older step");
    assertEquals(step + 1, Totp.matchingStep(RFC_SEED, Totp.code(RFC_SEED, step + 1, 6), now, step));
  }

  @Test
  @DisplayName("refuses what is no six-digit code")
  void malformed() {
    long now = 59_000;
    for (String code : new String[] {null, "", "12345", "1234567", "abcdef", " 94287082"}) {
      assertEquals(Totp.NONE, Totp.matchingStep(RFC_SEED, code, now, Totp.NONE), String.valueOf(code));
    }
  }

  @ParameterizedTest(name = "\"{0}\" is \"{1}\"")
  @DisplayName("encodes RFC 4648's base32 test vectors without padding, and decodes them back")
  @CsvSource({"'', ''", "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
  void base32(String plain, String encoded) {
    byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
    assertEquals(encoded, Base32.encode(bytes));
    assertArrayEquals(bytes, Base32.decode(encoded));
    assertArrayEquals(bytes, Base32.decode(encoded.toLowerCase() + "==="));
  }

  @Test
  @DisplayName("decodes nothing outside the base32 alphabet")
  void base32Garbage() {
    assertNull(Base32.decode("MZXW1"));
    assertNull(Base32.decode("\u0000\u00ff"));
  }
}
