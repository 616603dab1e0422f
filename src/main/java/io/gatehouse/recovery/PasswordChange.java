package io.gatehouse.recovery;

import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.revocation.RevocationStore;
import io.gatehouse.store.SessionStore;
import io.gatehouse.store.UserStore;
import io.vertx.core.Future;

/**
 * A new password for an account, and everything that must end with the old one: every session, and every
 * access token and device cookie issued up to now, on every node. Shared by the reset link and {@code bin/reset-password}.
 * The password has passed {@code accounts.Validation.newPassword} before it gets here.
 */
public final class PasswordChange {
  private final UserStore users;
  private final SessionStore sessions;
  private final RevocationStore revocations;
  private final PasswordHasher hasher;

  public PasswordChange(UserStore users, SessionStore sessions, RevocationStore revocations, PasswordHasher hasher) {
    this.users = users;
    this.sessions = sessions;
    this.revocations = revocations;
    this.hasher = hasher;
  }

  /** Answers how many sessions ended. */
  public Future<Long> apply(String userId, String password) {
    return hasher.hash(password)
      .compose(hash -> users.setPassword(userId, hash))
      .compose(set -> sessions.deleteAllOf(userId))
      // revoked (tokens and device cookies) after the sessions are gone, so no refresh in between mints a token that outlives it
      .compose(ended -> revocations.revokeAll(userId, System.currentTimeMillis()).map(ended));
  }
}
