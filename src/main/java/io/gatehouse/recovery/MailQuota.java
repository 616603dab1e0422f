package io.gatehouse.recovery;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.config.ModerationConfig.Quota;
import io.gatehouse.moderation.RateLimiter;
import io.gatehouse.ops.GatehouseMeters;
import io.vertx.core.Future;

/**
 * At most {@code max} mails of one kind per window to one account's address, whoever asks and from how
 * many addresses (the per-address limiters cannot see a spread-out inbox bomb). A request past the quota
 * still gets the route's generic answer, so the quota tells nobody whether the account exists; it is
 * a security event instead.
 */
public final class MailQuota {
  private final RateLimiter counters;
  private final String kind;
  private final Quota quota;
  private final GatehouseMeters meters;

  public MailQuota(RateLimiter counters, String kind, Quota quota, GatehouseMeters meters) {
    this.counters = counters;
    this.kind = kind;
    this.quota = quota;
    this.meters = meters;
  }

  /** True when one more mail may go to the account; records the suppression when not. */
  Future<Boolean> take(String userId, String ip) {
    return counters.hit(kind + "_email", userId, quota.max(), quota.windowMs()).map(hit -> {
      if (hit.limited()) {
        SecurityEvents.record("mail_suppressed", userId, ip, kind, "quota of " + quota.max() + " per "
          + quota.windowMinutes() + " min");
        meters.mailSuppressed(kind);
        return false;
      }
      return true;
    });
  }
}
