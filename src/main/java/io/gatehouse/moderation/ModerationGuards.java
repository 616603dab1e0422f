package io.gatehouse.moderation;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.bus.Addresses;
import io.gatehouse.config.ModerationConfig;
import io.gatehouse.config.ModerationConfig.Limiter;
import io.gatehouse.http.Answers;
import io.gatehouse.http.BearerAuth;
import io.gatehouse.http.ClientIp;
import io.gatehouse.http.Guards;
import io.gatehouse.http.RequestBody;
import io.gatehouse.ops.GatehouseMeters;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Moderation in the HTTP pipeline, plugged into {@link Guards}: the ban check first (a banned client
 * gets 403 with Retry-After, not 429, and piles up no score), then the route's limiter, whose hits
 * score against the address and the account of the submitted email.
 */
public final class ModerationGuards {
  public static final String BANNED = "Your account has been temporarily banned due to violations of our service.";
  private static final DeliveryOptions BUS = Addresses.local(10_000);

  private final ModerationConfig config;
  private final RateLimiter limiter;
  private final BanCache bans;
  private final EventBus bus;
  private final int trustProxyHops;
  private final GatehouseMeters meters;

  public ModerationGuards(ModerationConfig config, RateLimiter limiter, BanCache bans, EventBus bus, int trustProxyHops,
                          GatehouseMeters meters) {
    this.config = config;
    this.limiter = limiter;
    this.bans = bans;
    this.bus = bus;
    this.trustProxyHops = trustProxyHops;
    this.meters = meters;
  }

  public void install(Guards guards) {
    guards.add(Guards.Point.LOGIN, ctx -> checkBanBeforeLogin(ctx, Limiter.LOGIN)).add(Guards.Point.LOGIN, limit(Limiter.LOGIN));
    guards.add(Guards.Point.REGISTER, ctx -> checkBanBeforeLogin(ctx, Limiter.REGISTER))
      .add(Guards.Point.REGISTER, limit(Limiter.REGISTER));
    guards.add(Guards.Point.AUTHENTICATED, this::checkBan);
    guards.add(Guards.Point.PUBLIC, ctx -> checkBanBeforeLogin(ctx, null));
  }

  /** Bearer routes: the token's user and the address, both in memory. */
  private void checkBan(RoutingContext ctx) {
    long now = System.currentTimeMillis();
    // the hot path: resolve the client address (X-Forwarded-For walk) only when some address is banned
    long until = bans.until(BearerAuth.userId(ctx), bans.anyAddressBanned() ? ip(ctx) : null, now);
    if (until > 0) {
      deny(ctx, until, now);
    } else {
      ctx.next();
    }
  }

  /**
   * Before login or registration: the address in memory, then the account of the email if any user is
   * banned. A refused login is a security event.
   */
  private void checkBanBeforeLogin(RoutingContext ctx, Limiter route) {
    long now = System.currentTimeMillis();
    long until = bans.until(null, ip(ctx), now);
    if (until > 0) {
      refuseBanned(ctx, until, now, route);
      return;
    }
    Object email = submittedEmail(ctx);
    if (!(email instanceof String) || !bans.anyUserBanned()) {
      ctx.next();
      return;
    }
    bus.<JsonObject>request(Addresses.MODERATION_CHECK, new JsonObject().put("email", email), BUS)
      .onSuccess(reply -> {
        long userUntil = reply.body().getLong("until", 0L);
        if (userUntil > System.currentTimeMillis()) {
          refuseBanned(ctx, userUntil, System.currentTimeMillis(), route);
        } else {
          ctx.next();
        }
      })
      .onFailure(error -> ctx.next());
  }

  private Handler<RoutingContext> limit(Limiter kind) {
    ModerationConfig.Limit limit = config.limit(kind);
    return ctx -> {
      String ip = ip(ctx);
      limiter.hit(kind, ip, limit).onComplete(result -> {
        RateLimiter.Hit hit = result.result();
        long now = System.currentTimeMillis();
        ctx.response().putHeader("X-RateLimit-Limit", String.valueOf(hit.max()))
          .putHeader("X-RateLimit-Remaining", String.valueOf(hit.remaining()))
          .putHeader("X-RateLimit-Reset", String.valueOf((hit.resetAtMs() + 999) / 1000));
        if (!hit.limited()) {
          ctx.next();
          return;
        }
        JsonObject violation = new JsonObject().put("type", kind.violationType()).put("ip", ip)
          .put("score", limit.score());
        if (submittedEmail(ctx) instanceof String email) {
          violation.put("email", email);
        }
        bus.<JsonObject>request(Addresses.MODERATION_REPORT, violation, BUS).onComplete(reported -> {
          if (reported.succeeded() && reported.result().body().getBoolean("banned", false)) {
            count(kind, GatehouseMeters.BANNED);
            deny(ctx, bans.until(null, ip, System.currentTimeMillis()), System.currentTimeMillis());
          } else {
            count(kind, GatehouseMeters.LIMITED);
            ctx.response().putHeader("Retry-After", String.valueOf(hit.retryAfterSeconds(now)));
            Answers.message(ctx, 429, kind.message(limit.windowMinutes()));
          }
        });
      });
    };
  }

  /** A login or registration refused here (limited, or banned: the ban answer wins when the hit bans). */
  private void count(Limiter route, String outcome) {
    if (route == Limiter.LOGIN) {
      meters.loggedIn(outcome);
    } else if (route == Limiter.REGISTER) {
      meters.registered(outcome);
    }
  }

  /** The email the route will act on: the body's, else the query string's (passport-local reads both). */
  private static Object submittedEmail(RoutingContext ctx) {
    Object email = RequestBody.of(ctx).getValue("email");
    return email instanceof String s && !s.isEmpty() ? s : ctx.request().getParam("email");
  }

  private String ip(RoutingContext ctx) {
    return ClientIp.of(ctx.request(), trustProxyHops);
  }

  private void refuseBanned(RoutingContext ctx, long until, long now, Limiter route) {
    count(route, GatehouseMeters.BANNED);
    if (route == Limiter.LOGIN) {
      SecurityEvents.record("login", null, ip(ctx), "failure", "banned");
    }
    deny(ctx, until, now);
  }

  /** LibreChat's ban answer, plus how long it lasts. */
  static void deny(RoutingContext ctx, long until, long now) {
    if (until > now) {
      ctx.response().putHeader("Retry-After", String.valueOf(Math.max(1, (until - now + 999) / 1000)));
    }
    Answers.message(ctx, 403, BANNED);
  }
}
