package io.gatehouse.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;

/** Requests as they come from one client address (X-Forwarded-For with TRUST_PROXY=1), and what moderation answers. */
public final class Storms {
  public static final String WRONG_PASSWORD = "not the right one";
  public static final String DEVICE_COOKIE = Accounts.DEVICE_COOKIE;
  public static final String BANNED = "{\"message\":\"Your account has been temporarily banned due to violations of our service.\"}";
  public static final String LOGIN_LIMITED = "{\"message\":\"Too many login attempts, please try again after 1 minutes.\"}";
  public static final String BAD_CREDENTIALS = "{\"message\":\"Incorrect email or password.\"}";

  private Storms() {
  }

  public static Http.Answer login(Http http, String email, String password, String ip) {
    return login(http, email, password, ip, null);
  }

  /** A login from a browser holding {@code device} (a device cookie; null for a browser without one). */
  public static Http.Answer login(Http http, String email, String password, String ip, String device) {
    return Accounts.loginAttempt(http, email, password, ip, device);
  }

  public static Http.Answer login(Http http, String email, String ip) {
    return login(http, email, Accounts.PASSWORD, ip);
  }

  public static Http.Answer wrongLogin(Http http, String email, String ip) {
    return login(http, email, WRONG_PASSWORD, ip);
  }

  /**
   * A wrong password from the account's own browser: its device cookie proves the owner's browser sent
   * it, so limiter hits score the account as well as the address.
   */
  public static Http.Answer wrongLogin(Http http, Session owner, String ip) {
    return login(http, owner.email(), WRONG_PASSWORD, ip, owner.device());
  }

  public static Http.Answer register(Http http, String email, String ip) {
    return http.post("/api/auth/register").header("X-Forwarded-For", ip).json(Accounts.registration(email));
  }

  /** A successful login from the address: its user id, token, refresh cookie and device cookie. */
  public static Session session(Http http, String email, String ip) {
    Http.Answer answer = login(http, email, ip);
    assertEquals(200, answer.status(), answer.text());
    return new Session(email, answer.json().getJsonObject("user").getString("_id"), answer.json().getString("token"),
      answer.cookie("refreshToken"), answer.cookie(DEVICE_COOKIE));
  }

  public record Session(String email, String userId, String token, String refreshToken, String device) {
  }

  /** Status and body on one line, for assertion messages and polls. */
  public static String describe(Http.Answer answer) {
    return answer.status() + " " + answer.text();
  }

  /** LibreChat's ban answer, with Retry-After in whole seconds, at most the ban's length. */
  public static void assertBanned(Http.Answer answer, long maxSeconds) {
    assertEquals(403, answer.status(), answer.text());
    assertEquals(BANNED, answer.text());
    String retryAfter = answer.header("Retry-After");
    assertNotNull(retryAfter, "a ban answer says when to come back");
    long seconds = Long.parseLong(retryAfter);
    assertTrue(seconds >= 1 && seconds <= maxSeconds, "Retry-After " + seconds + " not in [1, " + maxSeconds + "]");
  }

  /** A limiter's 429 with its message, Retry-After within the window and the rate-limit headers spent. */
  public static void assertLimited(Http.Answer answer, String body, long max, long windowSeconds) {
    assertEquals(429, answer.status(), answer.text());
    assertEquals(body, answer.text());
    long retryAfter = Long.parseLong(answer.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= windowSeconds, "Retry-After " + retryAfter);
    assertEquals(String.valueOf(max), answer.header("X-RateLimit-Limit"));
    assertEquals("0", answer.header("X-RateLimit-Remaining"));
  }
}
