package io.gatehouse.twofactor;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Services;
import io.gatehouse.tokens.Session;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The two-factor verticle's service ({@link Addresses#TWO_FACTOR}), for the user of a verified bearer or
 * temp token. {@code token} is a TOTP code, {@code backupCode} a backup code; either may be null.
 * Refusals: {@code INVALID_INPUT} (its message is for the client), {@code CODE_REQUIRED}, {@code WRONG_CODE},
 * {@code NOT_FOUND}, and for a spent temp token {@code INVALID_TOKEN}.
 */
@ProxyGen
@VertxGen
public interface TwoFactor {
  long TIMEOUT_MS = 30_000;

  /** The typed client of this node's two-factor verticle. */
  static TwoFactor client(Vertx vertx) {
    return new TwoFactorVertxEBProxy(vertx, Addresses.TWO_FACTOR, Services.local(TIMEOUT_MS));
  }

  /** A pending secret and ten backup codes; re-enrolling an account with 2FA on takes a current code first. */
  Future<Enrollment> enable(String userId, String token, String backupCode);

  /** Checks a code against the pending secret (enrolment) or the active one, a backup code against the active set. */
  Future<Void> verify(String userId, String token, String backupCode);

  /** Promotes the pending secret and codes with a TOTP code of that secret, and turns 2FA on. */
  Future<Void> confirm(String userId, String token);

  /** Turns 2FA off, with a current code when it is on. */
  Future<Void> disable(String userId, String token, String backupCode);

  /** Ten new backup codes in place of the old ones, with a current code when 2FA is on. */
  Future<NewBackupCodes> regenerate(String userId, String token, String backupCode);

  /**
   * The second login step: a session, as a password login without 2FA opens. The temp token ({@code jti},
   * valid until {@code expiresAtMs}) opens one session only.
   */
  Future<Session> login(String userId, String jti, long expiresAtMs, String token, String backupCode, String ip);
}
