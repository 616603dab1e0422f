package io.gatehouse.moderation.http;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.config.ModerationConfig;
import io.gatehouse.config.ModerationConfig.Limiter;
import io.gatehouse.devices.Device;
import io.gatehouse.devices.DeviceCookies;
import io.gatehouse.http.Answers;
import io.gatehouse.http.BearerAuth;
import io.gatehouse.http.ClientIp;
import io.gatehouse.http.Guards;
import io.gatehouse.moderation.BanCache;
import io.gatehouse.moderation.Moderation;
import io.gatehouse.moderation.RateLimiter;
import io.gatehouse.ops.GatehouseMeters;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * Moderation in the HTTP pipeline, plugged into {@link Guards}: the ban check first (a banned client
 * gets 403 with Retry-After, not 429, and piles up no score), then the route's limiter, whose hits
 * score against the address, and against an account only when the request carries that account's own
 * credentials: a verified temp or bearer token ({@link Guards#actor}), or on login its device cookie.
 * An email in a form proves nothing about who typed it, so it never names whom to score (DESIGN §2 item 1).
 */
public final class ModerationGuards {
  private final ModerationConfig config;
  private final RateLimiter limiter;
  private final BanCache bans;
  private final Moderation moderation;
  private final int trustProxyHops;
  private final GatehouseMeters meters;
  private final DeviceCookies devices;

  public ModerationGuards(ModerationConfig config, RateLimiter limiter, BanCache bans, Moderation moderation, int trustProxyHops,
                          GatehouseMeters meters, DeviceCookies devices) {
    this.config = config;
    this.limiter = limiter;
    this.bans = bans;
    this.moderation = moderation;
    this.trustProxyHops = trustProxyHops;
    this.meters = meters;
    this.devices = devices;
  }

  public void install(Guards guards) {
    guards.add(Guards.Point.LOGIN, ctx -> checkBanBeforeLogin(ctx, Limiter.LOGIN)).add(Guards.Point.LOGIN, limit(Limiter.LOGIN));
    guards.add(Guards.Point.REGISTER, ctx -> checkBanBeforeLogin(ctx, Limiter.REGISTER))
      .add(Guards.Point.REGISTER, limit(Limiter.REGISTER));
    guards.add(Guards.Point.AUTHENTICATED, this::checkBan);
    guards.add(Guards.Point.PUBLIC, ctx -> checkBanBeforeLogin(ctx, null));
    guards.add(Guards.Point.PASSWORD_RESET_REQUEST, ctx -> checkBanBeforeLogin(ctx, Limiter.RESET_PASSWORD))
      .add(Guards.Point.PASSWORD_RESET_REQUEST, limit(Limiter.RESET_PASSWORD));
    guards.add(Guards.Point.PASSWORD_RESET, ctx -> checkBanBeforeLogin(ctx, null));
    guards.add(Guards.Point.EMAIL_VERIFICATION, ctx -> checkBanBeforeLogin(ctx, Limiter.VERIFY_EMAIL))
      .add(Guards.Point.EMAIL_VERIFICATION, limit(Limiter.VERIFY_EMAIL));
    // LibreChat's two buckets: the address, and the account of the temp token
    Handler<RoutingContext> perAccountCodes = limit(Limiter.TWO_FACTOR_TEMP_USER, Guards::actor);
    guards.add(Guards.Point.TWO_FACTOR_LOGIN, ctx -> checkBanBeforeLogin(ctx, Limiter.TWO_FACTOR_TEMP))
      .add(Guards.Point.TWO_FACTOR_LOGIN, limit(Limiter.TWO_FACTOR_TEMP))
      .add(Guards.Point.TWO_FACTOR_LOGIN, perAccountCodes);
    // the same account bucket: a stolen access token must not buy unlimited guesses at disable or regenerate
    guards.add(Guards.Point.TWO_FACTOR_CODE, perAccountCodes);
  }

  /** Bearer routes: the token's user and the address, both in memory. */
  private void checkBan(RoutingContext ctx) {
    long now = System.currentTimeMillis();
    // the hot path: resolve the client address (X-Forwarded-For walk) only when some address is banned
    long until = bans.until(BearerAuth.userId(ctx), bans.anyAddressBanned() ? ip(ctx) : null, now);
    if (until > 0) {
      Answers.banned(ctx, until, now);
    } else {
      ctx.next();
    }
  }

  /**
   * Before login, registration and account recovery: the address, and the account of a verified temp
   * token, in memory. A refused login is a security event.
   */
  private void checkBanBeforeLogin(RoutingContext ctx, Limiter route) {
    long now = System.currentTimeMillis();
    long until = bans.until(Guards.actor(ctx), ip(ctx), now);
    if (until > 0) {
      refuseBanned(ctx, until, now, route);
    } else {
      ctx.next();
    }
  }

  private Handler<RoutingContext> limit(Limiter kind) {
    return limit(kind, this::ip);
  }

  /** A limiter counting per {@code key} (the client address, or an account). */
  private Handler<RoutingContext> limit(Limiter kind, Function<RoutingContext, String> key) {
    ModerationConfig.Limit limit = config.limit(kind);
    return ctx -> {
      String ip = ip(ctx);
      limiter.hit(kind, key.apply(ctx), limit).onComplete(result -> {
        RateLimiter.Hit hit = result.result();
        if (!hit.limited()) {
          LimiterAnswer.headers(ctx, hit);
          ctx.next();
          return;
        }
        Future<Boolean> reported = moderation.report(kind.violationType(), provenAccount(ctx, kind), ip, limit.score());
        LimiterAnswer.limited(ctx, hit, reported, () -> bans.until(null, ip, System.currentTimeMillis()),
            kind.message(limit.windowMinutes()))
          .onSuccess(banned -> count(kind, banned ? GatehouseMeters.BANNED : GatehouseMeters.LIMITED));
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

  /**
   * The account whose own credentials the request carries: a verified temp or bearer token, or on login a
   * valid device cookie (the browser that account logged in from). Never the email of the form.
   */
  private String provenAccount(RoutingContext ctx, Limiter kind) {
    if (Guards.actor(ctx) != null || kind != Limiter.LOGIN) {
      return Guards.actor(ctx);
    }
    Device device = devices.read(ctx.request());
    return device == null ? null : device.userId();
  }

  private String ip(RoutingContext ctx) {
    return ClientIp.of(ctx.request(), trustProxyHops);
  }

  private void refuseBanned(RoutingContext ctx, long until, long now, Limiter route) {
    count(route, GatehouseMeters.BANNED);
    if (route == Limiter.LOGIN) {
      SecurityEvents.record("login", null, ip(ctx), "failure", "banned");
    }
    Answers.banned(ctx, until, now);
  }
}
