package io.gatehouse.http;

import io.gatehouse.devices.Device;
import io.gatehouse.devices.DeviceCookies;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * LibreChat's cookies, written byte for byte as Express writes them: {@code Path=/}, an
 * {@code Expires} date (no Max-Age), HttpOnly, Secure when configured, SameSite=Strict. Ours besides:
 * the device cookie, set at every login and kept at logout (it names the browser, not a session).
 */
public final class Cookies {
  public static final String REFRESH_TOKEN = "refreshToken";
  public static final String TOKEN_PROVIDER = "token_provider";
  public static final String PROVIDER_LIBRECHAT = "librechat";
  /** Binds a social login's state to the browser that started it. */
  public static final String OAUTH_BINDING = "gatehouse_oauth";
  /** Cleared on logout, as LibreChat clears them. */
  private static final List<String> SESSION_COOKIES = List.of(REFRESH_TOKEN, "openid_access_token", "openid_id_token",
    "openid_user_id", TOKEN_PROVIDER);
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
    .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final String EPOCH = HTTP_DATE.format(Instant.EPOCH);

  private final boolean secure;
  private final DeviceCookies devices;

  public Cookies(boolean secure, DeviceCookies devices) {
    this.secure = secure;
    this.devices = devices;
  }

  /** A new device cookie for the account that just logged in from this browser. */
  public void setDevice(HttpServerResponse response, String userId) {
    long now = System.currentTimeMillis();
    set(response, DeviceCookies.NAME, devices.issue(userId, now), now + devices.lifetimeMs());
  }

  /** The browser's device cookie, verified; null when absent, forged, tampered with or expired. */
  public Device device(HttpServerRequest request) {
    return devices.read(request);
  }

  /** The refresh token and provider cookies, both expiring with the session. */
  public void setSession(HttpServerResponse response, String refreshToken, long expirationMs) {
    // refreshToken last: some HTTP tools (wrk's scripting among them) keep only a response's last Set-Cookie
    set(response, TOKEN_PROVIDER, PROVIDER_LIBRECHAT, expirationMs);
    set(response, REFRESH_TOKEN, refreshToken, expirationMs);
  }

  /**
   * The OAuth binding cookie, sent back only under {@code /oauth}. Lax lets it ride the provider's
   * redirect back; with Secure cookies it is SameSite=None, so Apple's cross-site form post carries it too.
   */
  public void setOAuthBinding(HttpServerResponse response, String value, long maxAgeSeconds) {
    if (response.headWritten()) {
      return;
    }
    response.headers().add("Set-Cookie", OAUTH_BINDING + "=" + value + "; Path=/oauth; Max-Age=" + maxAgeSeconds
      + "; HttpOnly" + (secure ? "; Secure; SameSite=None" : "; SameSite=Lax"));
  }

  public void clearSession(HttpServerResponse response) {
    if (response.headWritten()) {
      return;
    }
    for (String name : SESSION_COOKIES) {
      response.headers().add("Set-Cookie", name + "=; Path=/; Expires=" + EPOCH);
    }
  }

  /** Nothing once the answer is on its way (a request past REQUEST_TIMEOUT was answered already). */
  private void set(HttpServerResponse response, String name, String value, long expiresMs) {
    if (response.headWritten()) {
      return;
    }
    response.headers().add("Set-Cookie", name + "=" + value + "; Path=/; Expires="
      + HTTP_DATE.format(Instant.ofEpochMilli(expiresMs)) + "; HttpOnly" + (secure ? "; Secure" : "") + "; SameSite=Strict");
  }
}
