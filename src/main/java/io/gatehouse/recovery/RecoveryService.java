package io.gatehouse.recovery;

import io.gatehouse.store.SweepChoice;
import io.vertx.core.Future;

/** {@link Recovery}: email verification and password reset, and the sweep of their expired tokens. */
public final class RecoveryService implements Recovery {
  private final EmailVerification verification;
  private final PasswordResets resets;
  private final OneTimeTokens tokens;

  public RecoveryService(EmailVerification verification, PasswordResets resets, OneTimeTokens tokens) {
    this.verification = verification;
    this.resets = resets;
    this.tokens = tokens;
  }

  @Override
  public Future<Void> verifyEmail(String email, String token) {
    return verification.verify(email, token).mapEmpty();
  }

  @Override
  public Future<Void> resendVerification(String email, String ip) {
    return verification.resend(email, ip).mapEmpty();
  }

  @Override
  public Future<Void> requestReset(String email, String ip) {
    return resets.request(email, ip).mapEmpty();
  }

  @Override
  public Future<Void> resetPassword(String userId, String token, String password, String ip) {
    return resets.reset(userId, token, password, ip).mapEmpty();
  }

  /** Whether the expired one-time tokens need the sweep, or a TTL index removes them. */
  Future<SweepChoice> sweepChoice() {
    return tokens.sweepChoice();
  }

  /** Deletes the expired one-time tokens of both kinds. */
  Future<Void> sweepExpired() {
    return Future.join(tokens.sweep(EmailVerification.TYPE), tokens.sweep(PasswordResets.TYPE)).mapEmpty();
  }
}
