package io.gatehouse.moderation;

import io.gatehouse.cluster.Announcements;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.devices.DeviceCookies;
import io.gatehouse.http.Guards;
import io.gatehouse.ops.GatehouseMeters;
import io.gatehouse.revocation.RevocationStore;
import io.gatehouse.store.SessionStore;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;

/**
 * The moderation of one node, wired: its ban cache following Redis, the rules, the HTTP guards, the
 * per-account login throttle and the shared counters.
 */
public final class Moderation {
  private final GatehouseConfig config;
  private final BanCache bans = new BanCache();
  private final Moderator moderator;
  private final ModerationGuards guards;
  private final MessageGuards messages;
  private final GatehouseMeters meters;
  private final RateLimiter limiter;
  private final LoginThrottle throttle;

  public Moderation(Vertx vertx, GatehouseConfig config, Redis redis, Announcements events, SessionStore sessions,
                    RevocationStore revocations, GatehouseMeters meters, DeviceCookies devices) {
    this.config = config;
    this.meters = meters;
    meters.activeBans("user", bans, b -> b.active(true, System.currentTimeMillis()));
    meters.activeBans("ip", bans, b -> b.active(false, System.currentTimeMillis()));
    BanStore banStore = new BanStore(redis, events);
    banStore.follow(events, bans);
    this.moderator = new Moderator(config.moderation(), new Violations(redis, config.moderation().ipViolationTtlMs()),
      banStore, bans, sessions, revocations);
    this.limiter = new RateLimiter(redis);
    this.throttle = new LoginThrottle(redis, config.moderation().loginAccount());
    this.guards = new ModerationGuards(config.moderation(), limiter, bans, vertx.eventBus(), config.trustProxyHops(),
      meters, devices);
    this.messages = new MessageGuards(config.moderation(), limiter, redis, bans, vertx.eventBus(), config.trustProxyHops());
  }

  /** The guards of chat message routes behind the gateway. */
  public MessageGuards messages() {
    return messages;
  }

  public void install(Guards routeGuards) {
    guards.install(routeGuards);
  }

  public ModerationVerticle verticle() {
    return new ModerationVerticle(moderator, bans, config.moderation(), meters);
  }

  /** The node's near cache of bans (a login checks the account's once its password is right). */
  public BanCache bans() {
    return bans;
  }

  /** Counters shared by every node (limiters, mail quotas). */
  public RateLimiter counters() {
    return limiter;
  }

  public LoginThrottle loginThrottle() {
    return throttle;
  }
}
