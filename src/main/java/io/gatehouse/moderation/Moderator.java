package io.gatehouse.moderation;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.config.ModerationConfig;
import io.gatehouse.revocation.RevocationStore;
import io.gatehouse.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moderation rules (reference §4, DESIGN §2 items 1 and 4): violations add scores to the address,
 * and to the user only when the request carried that user's own credentials (the callers decide: an
 * email typed into a form never names a user here); when either crosses a multiple of
 * {@code BAN_INTERVAL} (and {@code BAN_VIOLATIONS} is on) both are banned for {@code BAN_DURATION}:
 * sessions deleted, access tokens revoked, ban records in Redis, every node told. A duration ≤ 0 is LibreChat's soft ban: sessions only. Shared by the
 * moderation verticle and the operator scripts.
 */
public final class Moderator {
  private static final Logger LOG = LoggerFactory.getLogger(Moderator.class);

  private final ModerationConfig config;
  private final Violations violations;
  private final BanStore bans;
  private final BanCache cache;
  private final SessionStore sessions;
  private final RevocationStore revocations;

  public Moderator(ModerationConfig config, Violations violations, BanStore bans, BanCache cache, SessionStore sessions,
                   RevocationStore revocations) {
    this.config = config;
    this.violations = violations;
    this.bans = bans;
    this.cache = cache;
    this.sessions = sessions;
    this.revocations = revocations;
  }

  /** Scores one violation; answers whether it banned (a soft ban does not count). */
  public Future<Boolean> report(String type, String userId, String ip, long score) {
    Future<Violations.Score> byUser = userId == null ? Future.succeededFuture() : violations.add(type, BanCache.user(userId), score);
    Future<Violations.Score> byIp = ip == null ? Future.succeededFuture() : violations.add(type, BanCache.ip(ip), score);
    return Future.all(byUser, byIp).compose(scores -> {
      Violations.Score user = byUser.result();
      Violations.Score address = byIp.result();
      Violations.Score counted = user != null ? user : address;
      violations.log(type, score, userId, ip, counted)
        .onFailure(error -> LOG.warn("Violation not logged: {}", error.toString()));
      SecurityEvents.record("violation", userId, ip, type, "score " + (counted == null ? score : counted.current()));
      boolean crossed = (user != null && user.crossed(config.banInterval()))
        || (address != null && address.crossed(config.banInterval()));
      if (!config.banViolations() || !crossed) {
        return Future.succeededFuture(false);
      }
      // a soft ban (duration ≤ 0) only ends sessions: the client is not refused
      return ban(userId, ip, config.banDurationMs(), type, counted == null ? score : counted.current())
        .map(config.banDurationMs() > 0);
    });
  }

  /** Bans a user and/or an address for {@code durationMs} (≤ 0: a soft ban). */
  public Future<Void> ban(String userId, String ip, long durationMs, String type, long violationCount) {
    long now = System.currentTimeMillis();
    if (durationMs <= 0) {
      // LibreChat's soft ban (reference §4): the sessions end, the access token lives on until it expires
      Future<Void> sessionsEnded = userId == null ? Future.succeededFuture() : sessions.deleteAllOf(userId).mapEmpty();
      return sessionsEnded.onSuccess(v -> SecurityEvents.record("ban", userId, ip, "soft", type));
    }
    Future<Void> loggedOut = userId == null ? Future.succeededFuture()
      : sessions.deleteAllOf(userId).compose(n -> revocations.revoke(userId, System.currentTimeMillis()));
    long until = now + durationMs;
    JsonObject record = new JsonObject().put("type", type).put("violation_count", violationCount)
      .put("duration", durationMs).put("expiresAt", until);
    // this node refuses as soon as Redis holds the ban; the version Redis gives it keeps a late
    // announcement from undoing it
    Future<Void> userBan = userId == null ? Future.succeededFuture() : banned(BanCache.user(userId), record, until);
    Future<Void> ipBan = ip == null ? Future.succeededFuture()
      : banned(BanCache.ip(ip), record.copy().put("user_id", userId), until);
    return Future.all(loggedOut, userBan, ipBan).<Void>mapEmpty()
      .onSuccess(v -> SecurityEvents.record("ban", userId, ip, "banned", type + " until " + until));
  }

  private Future<Void> banned(String subject, JsonObject record, long until) {
    return bans.ban(subject, record).map(version -> {
      cache.put(subject, until, version);
      return null;
    });
  }

  /** Lifts the ban on a subject everywhere and starts its scores afresh; true when it was banned. */
  public Future<Boolean> unban(String subject) {
    return bans.unban(subject)
      .map(lifted -> {
        cache.remove(subject, lifted.version());
        return lifted.wasBanned();
      })
      .compose(was -> violations.reset(subject).map(was))
      .onSuccess(was -> SecurityEvents.record("unban", subject.startsWith("user:") ? subject.substring(5) : null,
        subject.startsWith("ip:") ? subject.substring(3) : null, was ? "lifted" : "not_banned", null));
  }
}
