package io.gatehouse.recovery;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Services;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The recovery verticle's service ({@link Addresses#RECOVERY}): email verification and password reset.
 * Answers tell nobody whether an account exists; links go out by mail only. Failures are {@code bus.Refused}.
 */
@ProxyGen
@VertxGen
public interface Recovery {
  /** Long enough for bcrypt on a reset (no call here waits for a mail server). */
  long TIMEOUT_MS = 60_000;

  /** The typed client of this node's recovery verticle. */
  static Recovery client(Vertx vertx) {
    return new RecoveryVertxEBProxy(vertx, Addresses.RECOVERY, Services.local(TIMEOUT_MS));
  }

  /** Marks the email verified. Refused with {@code INVALID_TOKEN}. */
  Future<Void> verifyEmail(String email, String token);

  /** Mails a new verification link when the account waits for one and its mail quota allows. */
  Future<Void> resendVerification(String email, String ip);

  /** Mails a reset link when the account exists and its mail quota allows; succeeds either way. */
  Future<Void> requestReset(String email, String ip);

  /**
   * Sets the password, ends every session and revokes every access token and device cookie of the user.
   * Refused with {@code INVALID_TOKEN}.
   */
  Future<Void> resetPassword(String userId, String token, String password, String ip);
}
