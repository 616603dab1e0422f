package io.gatehouse.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Failure codes of the event-bus contract. The HTTP verticle maps each code to LibreChat's answer in
 * one place ({@code http.Answers}); nobody parses message text.
 */
public enum Failure {
  /** The input broke a validation rule; the message is the client-facing text. */
  INVALID_INPUT(400),
  /** Unknown email or wrong password: one answer for both. */
  BAD_CREDENTIALS(401),
  /** The account exists but its email is not verified. */
  EMAIL_NOT_VERIFIED(422),
  /** No such user. */
  NOT_FOUND(404),
  /** A refresh JWT that is malformed, forged or expired. */
  INVALID_REFRESH_TOKEN(4031),
  /** The refresh token's user no longer exists. */
  USER_GONE(4100),
  /** No live session holds this refresh token (expired, logged out, rotated or revoked). */
  SESSION_NOT_FOUND(4011),
  /** A social login did not end in a session (why is in the security log, never in the answer). */
  OAUTH_FAILED(4012),
  /** A one-time link token (email verification, password reset) that is unknown, used, expired or forged. */
  INVALID_TOKEN(4004),
  /** A second factor is needed and none was given; each route answers with its own message. */
  CODE_REQUIRED(4005),
  /** The TOTP code or backup code is wrong, used already or replayed; each route answers with its own message. */
  WRONG_CODE(4013),
  /** MongoDB or Redis did not answer in time. */
  STORE_UNAVAILABLE(503),
  /** Anything unexpected; logged where it happened. */
  INTERNAL(500);

  private final int code;

  Failure(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }


  /** The failure a reply carried; a timeout or missing handler counts as {@link #INTERNAL}. */
  public static Failure of(Throwable cause) {
    if (cause instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      for (Failure failure : values()) {
        if (failure.code == reply.failureCode()) {
          return failure;
        }
      }
    }
    if (cause instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
      return STORE_UNAVAILABLE;
    }
    return INTERNAL;
  }
}
