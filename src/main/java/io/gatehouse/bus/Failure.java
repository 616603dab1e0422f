package io.gatehouse.bus;

/**
 * Why a service refused a request: the closed set of reasons a {@link Refused} carries across the event
 * bus. The HTTP verticle maps each to LibreChat's answer in one table ({@code http.FailureAnswers});
 * nobody parses message text.
 */
public enum Failure {
  /** The input broke a validation rule; the message is the client-facing text. */
  INVALID_INPUT,
  /** Unknown email or wrong password: one answer for both. */
  BAD_CREDENTIALS,
  /** The account exists but its email is not verified. */
  EMAIL_NOT_VERIFIED,
  /** No such user. */
  NOT_FOUND,
  /** A refresh JWT that is malformed, forged or expired. */
  INVALID_REFRESH_TOKEN,
  /** The refresh token's user no longer exists. */
  USER_GONE,
  /** No live session holds this refresh token (expired, logged out, rotated or revoked). */
  SESSION_NOT_FOUND,
  /** A social login did not end in a session (why is in the security log, never in the answer). */
  OAUTH_FAILED,
  /** A one-time token (email verification, password reset, a spent 2FA temp token) that is unknown, used, expired or forged. */
  INVALID_TOKEN,
  /** A second factor is needed and none was given; each route answers with its own message. */
  CODE_REQUIRED,
  /** The TOTP code or backup code is wrong, used already or replayed; each route answers with its own message. */
  WRONG_CODE,
  /** MongoDB or Redis could not be reached. */
  STORE_UNAVAILABLE,
  /** The service did not answer within its bus timeout: queued behind others (bcrypt), not a store outage. */
  BUSY,
  /** Anything unexpected; logged where it happened. */
  INTERNAL
}
