package io.gatehouse.tokens;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Services;
import io.gatehouse.devices.Device;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The tokens verticle's service ({@link Addresses#SESSIONS}): logins, refresh rotation, logouts, and
 * sessions for users who proved who they are elsewhere. Failures are {@code bus.Refused}.
 */
@ProxyGen
@VertxGen
public interface Sessions {
  /** bcrypt waits in its queue behind a login storm: give it time, but never hang a request. */
  long TIMEOUT_MS = 30_000;

  /** The typed client of this node's tokens verticle. */
  static Sessions client(Vertx vertx) {
    return new SessionsVertxEBProxy(vertx, Addresses.SESSIONS, Services.local(TIMEOUT_MS));
  }

  /**
   * A password login from {@code ip}; {@code device} is the browser's verified device cookie, or null.
   * Refused with {@code BAD_CREDENTIALS} or {@code EMAIL_NOT_VERIFIED}; a banned account (right password)
   * and a throttled one are admissions, not refusals.
   */
  Future<Admission> login(String email, String password, String ip, Device device);

  /**
   * Rotates the session of {@code refreshToken}. Refused with {@code INVALID_REFRESH_TOKEN}, {@code USER_GONE}
   * or {@code SESSION_NOT_FOUND} (also for a superseded token, which ends the session).
   */
  Future<Session> refresh(String refreshToken, String ip);

  /**
   * A user proven by a social provider: a session, or the second step when the account has 2FA on.
   * Refused with {@code USER_GONE}.
   */
  Future<Admission> admit(String userId);

  /** A session for a user who passed every factor (the second login step). Refused with {@code USER_GONE}. */
  Future<Session> open(String userId);

  /** Deletes the session of {@code refreshToken} (null: none), if it is the user's; succeeds either way. */
  Future<Void> logout(String userId, String refreshToken, String ip);
}
