package io.gatehouse.devices;

import io.gatehouse.store.Documents;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a value naming an
 * account, a random nonce and its issue and expiry moments, signed with HMAC-SHA256 under a key derived
 * from {@code JWT_REFRESH_SECRET}, so no new secret is needed and nobody without it can forge one. The
 * value is {@code v1.<userId>.<nonce>.<issuedAtMs>.<expiresAtMs>.<mac>}.
 */
public final class DeviceCookies {
  public static final String NAME = "gatehouse_device";
  private static final String VERSION = "v1";
  /** Far above any cookie we issue: a longer value is refused before any work. */
  private static final int MAX_LENGTH = 200;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final byte[] key;
  private final long lifetimeMs;
  private final SecureRandom random = new SecureRandom();

  public DeviceCookies(String refreshSecret, long lifetimeMs) {
    this.key = hmac(refreshSecret.getBytes(StandardCharsets.UTF_8), "gatehouse device cookie v1");
    this.lifetimeMs = lifetimeMs;
  }

  public long lifetimeMs() {
    return lifetimeMs;
  }

  /** A new cookie value for the account, valid for {@code DEVICE_COOKIE_EXPIRY} from {@code nowMs}. */
  public String issue(String userId, long nowMs) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    String body = VERSION + "." + userId + "." + B64.encodeToString(nonce) + "." + nowMs + "." + (nowMs + lifetimeMs);
    return body + "." + B64.encodeToString(hmac(key, body));
  }

  /** The device the request's cookie names, verified now; null when it has none or it does not verify. */
  public Device read(HttpServerRequest request) {
    Cookie cookie = request.getCookie(NAME);
    return cookie == null ? null : verify(cookie.getValue(), System.currentTimeMillis());
  }

  /** The device a cookie value names, or null when it is absent, malformed, forged, tampered with or expired. */
  public Device verify(String value, long nowMs) {
    if (value == null || value.length() > MAX_LENGTH) {
      return null;
    }
    String[] parts = value.split("\\.", -1);
    if (parts.length != 6 || !VERSION.equals(parts[0]) || !Documents.isObjectId(parts[1]) || parts[2].length() != 22) {
      return null;
    }
    String body = value.substring(0, value.lastIndexOf('.'));
    byte[] expected = B64.encode(hmac(key, body));
    if (!MessageDigest.isEqual(expected, parts[5].getBytes(StandardCharsets.US_ASCII))) {
      return null;
    }
    try {
      long issuedAt = Long.parseLong(parts[3]);
      long expiresAt = Long.parseLong(parts[4]);
      return expiresAt > nowMs && issuedAt <= nowMs ? new Device(parts[1], parts[2], issuedAt) : null;
    } catch (NumberFormatException signedButMalformed) {
      return null;
    }
  }

  private static byte[] hmac(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }
}
