package io.gatehouse.tokens;

import io.gatehouse.accounts.UserCache;
import io.gatehouse.accounts.UserViews;
import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.bus.Failure;
import io.gatehouse.bus.Refused;
import io.gatehouse.crypto.Hashes;
import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.devices.Device;
import io.gatehouse.moderation.BanCache;
import io.gatehouse.moderation.LoginThrottle;
import io.gatehouse.ops.GatehouseMeters;
import io.gatehouse.store.Documents;
import io.gatehouse.store.SessionStore;
import io.gatehouse.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Logins, refresh rotation and logout. A session lives {@code REFRESH_TOKEN_EXPIRY} from login
 * (absolute); each refresh swaps the stored hash with one compare-and-set; a superseded token coming
 * back after {@code REFRESH_REUSE_GRACE} is treated as stolen and ends the session.
 */
public final class TokenService implements Sessions {
  private final UserStore users;
  private final SessionStore sessions;
  private final PasswordHasher hasher;
  private final Tokens tokens;
  private final UserCache cache;
  private final long refreshLifetimeMs;
  private final long reuseGraceMs;
  private final boolean allowUnverifiedLogin;
  private final GatehouseMeters meters;
  private final LoginThrottle throttle;
  private final BanCache bans;

  /** {@code bans} is the node's near cache: a banned account learns it only once its password is right. */
  public TokenService(UserStore users, SessionStore sessions, PasswordHasher hasher, Tokens tokens, UserCache cache,
                      long refreshLifetimeMs, long reuseGraceMs, boolean allowUnverifiedLogin,
                      GatehouseMeters meters, LoginThrottle throttle, BanCache bans) {
    this.users = users;
    this.sessions = sessions;
    this.hasher = hasher;
    this.tokens = tokens;
    this.cache = cache;
    this.refreshLifetimeMs = refreshLifetimeMs;
    this.reuseGraceMs = reuseGraceMs;
    this.allowUnverifiedLogin = allowUnverifiedLogin;
    this.meters = meters;
    this.throttle = throttle;
    this.bans = bans;
  }

  /**
   * The per-account throttle first (no bcrypt for a refused browser), then the password (same cost for
   * unknown emails), then the ban and the second factor, then a session. {@code device} is the browser's
   * verified device cookie, or null.
   */
  @Override
  public Future<Admission> login(String email, String password, String ip, Device device) {
    return users.findByEmail(email).compose(user -> {
      String userId = user == null ? null : Documents.id(user.getValue("_id"));
      return throttle.check(email, userId, device).compose(verdict -> {
        if (!verdict.allowed()) {
          SecurityEvents.record("login", userId, ip, "failure", verdict.reason());
          meters.loggedIn(verdict.reason());
          return Future.succeededFuture(Admission.throttled(verdict.retryAfterMs()));
        }
        return checkPassword(user, userId, email, password, ip, device);
      });
    });
  }

  private Future<Admission> checkPassword(JsonObject user, String userId, String email, String password, String ip,
                                           Device device) {
    String hash = user == null ? null : user.getString("password");
    return hasher.verify(password, hash).compose(ok -> {
      if (!ok) {
        SecurityEvents.record("login", userId, ip, "failure", "bad_credentials");
        meters.loggedIn(GatehouseMeters.BAD_CREDENTIALS);
        return throttle.failed(email, userId, device)
          .compose(v -> Future.failedFuture(new Refused(Failure.BAD_CREDENTIALS, "bad credentials")));
      }
      if (!allowUnverifiedLogin && !Boolean.TRUE.equals(user.getBoolean("emailVerified"))) {
        SecurityEvents.record("login", userId, ip, "failure", "email_not_verified");
        return Future.failedFuture(new Refused(Failure.EMAIL_NOT_VERIFIED, "Email not verified."));
      }
      long bannedUntil = bans.until(userId, null, System.currentTimeMillis());
      if (bannedUntil > 0) {
        SecurityEvents.record("login", userId, ip, "failure", "banned");
        meters.loggedIn(GatehouseMeters.BANNED);
        return Future.succeededFuture(Admission.banned(bannedUntil));
      }
      return admit(user).onSuccess(admission -> {
        boolean pending = admission.outcome() == Admission.Outcome.TWO_FACTOR_PENDING;
        SecurityEvents.record("login", userId, ip, pending ? "2fa_pending" : "success", null);
        meters.loggedIn(pending ? GatehouseMeters.LOGIN_TWO_FACTOR : GatehouseMeters.LOGIN_SUCCESS);
      });
    });
  }

  /**
   * A user who proved who they are with a first factor: a session, or, when two-factor authentication
   * is on, no session and no cookies but LibreChat's temp token for the second step.
   */
  private Future<Admission> admit(JsonObject user) {
    if (Boolean.TRUE.equals(user.getBoolean("twoFactorEnabled"))) {
      return Future.succeededFuture(Admission.twoFactorPending(
        tokens.twoFactorTempToken(Documents.id(user.getValue("_id")), System.currentTimeMillis())));
    }
    return openSession(user).map(Admission::session);
  }

  /** A new session for a user who has proven who they are. */
  private Future<Session> openSession(JsonObject user) {
    long now = System.currentTimeMillis();
    long expiration = now + refreshLifetimeMs;
    String userId = Documents.id(user.getValue("_id"));
    String sessionId = SessionStore.newId();
    String refreshToken = tokens.refreshToken(userId, sessionId, expiration, now);
    return sessions.create(sessionId, userId, Hashes.sha256Hex(refreshToken), expiration)
      .map(v -> new Session(tokens.accessToken(user, now), UserViews.login(user), refreshToken, expiration));
  }

  @Override
  public Future<Admission> admit(String userId) {
    return existingUser(userId).compose(this::admit);
  }

  @Override
  public Future<Session> open(String userId) {
    return existingUser(userId).compose(this::openSession);
  }

  private Future<JsonObject> existingUser(String userId) {
    return users.findById(userId).compose(user -> user == null
      ? Future.failedFuture(new Refused(Failure.USER_GONE, "user deleted"))
      : Future.succeededFuture(user));
  }

  /**
   * Rotates first (one compare-and-set, the common case costs one write and one read) and only when
   * that misses works out why: user gone, session gone, or a superseded token coming back.
   */
  @Override
  public Future<Session> refresh(String refreshToken, String ip) {
    return tokens.verifyRefresh(refreshToken)
      .recover(error -> {
        meters.refreshed(GatehouseMeters.INVALID);
        return Future.failedFuture(new Refused(Failure.INVALID_REFRESH_TOKEN, "Invalid refresh token"));
      })
      .compose(claims -> {
        String userId = claims.getString("id");
        String sessionId = claims.getString("sessionId");
        long now = System.currentTimeMillis();
        String presented = Hashes.sha256Hex(refreshToken);
        // the session's expiry is absolute: the next token keeps the presented one's
        long expiresAt = claims.getLong("exp") * 1000;
        String next = tokens.refreshToken(userId, sessionId, expiresAt, now);
        return sessions.rotate(sessionId, userId, presented, Hashes.sha256Hex(next), now)
          .compose(before -> before != null
            ? rotated(userId, next, Documents.instant(before.getValue("expiration")).toEpochMilli(), now)
            : explainMiss(userId, sessionId, presented, ip, now));
      });
  }

  private Future<Session> rotated(String userId, String next, long expiration, long now) {
    return knownUser(userId, now).compose(user -> {
      if (user == null) {
        return userGone();
      }
      meters.refreshed(GatehouseMeters.ROTATED);
      return Future.succeededFuture(new Session(tokens.accessToken(user, now), user, next, expiration));
    });
  }

  /** The user without secrets, from the shared cache when it is there. */
  private Future<JsonObject> knownUser(String userId, long now) {
    return cache.load(userId, now, id -> users.findById(id).map(user -> user == null ? null : UserViews.document(user)));
  }

  private Future<Session> explainMiss(String userId, String sessionId, String presented, String ip, long now) {
    return users.findById(userId).compose(user -> {
      if (user == null) {
        return userGone();
      }
      return sessions.findLive(sessionId, userId, now).compose(session -> {
        if (session == null || Hashes.constantTimeEquals(presented, session.getString("refreshTokenHash"))) {
          // gone, or a concurrent refresh won the swap a moment ago
          meters.refreshed(GatehouseMeters.NOT_FOUND);
          return Future.failedFuture(notFound());
        }
        return superseded(session, presented, userId, ip, now);
      });
    });
  }

  /** A validly signed token of this session that is no longer its current one. */
  private Future<Session> superseded(JsonObject session, String presentedHash, String userId, String ip, long now) {
    Instant rotatedAt = Documents.instant(session.getValue("rotatedAt"));
    boolean racingTab = rotatedAt != null
      && Hashes.constantTimeEquals(presentedHash, session.getString("previousTokenHash"))
      && now - rotatedAt.toEpochMilli() < reuseGraceMs;
    if (racingTab) {
      meters.refreshed(GatehouseMeters.NOT_FOUND);
      return Future.failedFuture(notFound());
    }
    String sessionId = Documents.id(session.getValue("_id"));
    return sessions.delete(sessionId).compose(deleted -> {
      SecurityEvents.record("refresh_reuse", userId, ip, "session_revoked", "rotated refresh token presented again");
      meters.refreshed(GatehouseMeters.REUSE_DETECTED);
      return Future.failedFuture(notFound());
    });
  }

  /** Deletes the session holding this refresh token, if it belongs to the user; succeeds either way. */
  @Override
  public Future<Void> logout(String userId, String refreshToken, String ip) {
    Future<Void> deleted = refreshToken == null
      ? Future.succeededFuture()
      : sessions.deleteByToken(Tokens.sessionIdOf(refreshToken), userId, Hashes.sha256Hex(refreshToken));
    return deleted.onSuccess(v -> SecurityEvents.record("logout", userId, ip, "success", null));
  }

  private <T> Future<T> userGone() {
    meters.refreshed(GatehouseMeters.USER_GONE);
    return Future.failedFuture(new Refused(Failure.USER_GONE, "user deleted"));
  }

  private static Refused notFound() {
    return new Refused(Failure.SESSION_NOT_FOUND, "session not found");
  }
}
