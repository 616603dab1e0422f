package io.gatehouse.moderation.http;

import io.gatehouse.config.ModerationConfig;
import io.gatehouse.config.ModerationConfig.Limiter;
import io.gatehouse.http.BearerAuth;
import io.gatehouse.http.ClientIp;
import io.gatehouse.moderation.BanCache;
import io.gatehouse.moderation.Moderation;
import io.gatehouse.moderation.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moderation of chat messages on their way to the backend: the non-browser check, the message
 * limiters per address and per user, and the cap on pending generations per user (a streamed
 * answer stays pending until it ends). Every refusal is a plain 429 (or 403) JSON answer before
 * anything reaches the backend, and scores a violation of its type.
 */
public final class MessageGuards {
  private static final Logger LOG = LoggerFactory.getLogger(MessageGuards.class);
  static final String PENDING = "gatehouse:pending:";

  private final ModerationConfig config;
  private final RateLimiter limiter;
  private final Redis redis;
  private final BanCache bans;
  private final Moderation moderation;
  private final int trustProxyHops;

  public MessageGuards(ModerationConfig config, RateLimiter limiter, Redis redis, BanCache bans, Moderation moderation,
                       int trustProxyHops) {
    this.config = config;
    this.limiter = limiter;
    this.redis = redis;
    this.bans = bans;
    this.moderation = moderation;
    this.trustProxyHops = trustProxyHops;
  }

  /** The chain for a message route, after bearer authentication and the ban check. */
  public Handler<RoutingContext> chain() {
    return this::nonBrowser;
  }

  private void nonBrowser(RoutingContext ctx) {
    if (BrowserAgents.isBrowser(ctx.request().getHeader("User-Agent"))) {
      limit(ctx, Limiter.MESSAGE_IP, ip(ctx), () -> limit(ctx, Limiter.MESSAGE_USER, BearerAuth.userId(ctx),
        () -> concurrent(ctx)));
      return;
    }
    report(ctx, "non_browser", config.nonBrowserScore()).onComplete(done -> refuse(ctx, done.succeeded() && done.result(),
      403, "Illegal request", 0));
  }

  private void limit(RoutingContext ctx, Limiter kind, String key, Runnable next) {
    ModerationConfig.Limit limit = config.limit(kind);
    if (!limit.enabled()) {
      next.run();
      return;
    }
    limiter.hit(kind, key, limit).onSuccess(hit -> {
      if (!hit.limited()) {
        next.run();
        return;
      }
      LimiterAnswer.limited(ctx, hit, report(ctx, kind.violationType(), limit.score()), () -> banEnd(ctx),
        kind.message(limit.windowMinutes()));
    });
  }

  /** At most CONCURRENT_MESSAGE_MAX pending generations per user; the count drops when the answer ends. */
  private void concurrent(RoutingContext ctx) {
    ModerationConfig.Limit limit = config.concurrent();
    if (!limit.enabled()) {
      ctx.next();
      return;
    }
    String key = PENDING + BearerAuth.userId(ctx);
    redis.send(Request.cmd(Command.INCR).arg(key))
      .compose(count -> redis.send(Request.cmd(Command.EXPIRE).arg(key).arg(60)).map(count.toLong()))
      .onFailure(error -> {
        LOG.warn("Redis unreachable ({}): concurrent messages not counted", error.toString());
        ctx.next();
      })
      .onSuccess(count -> {
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
          if (released.compareAndSet(false, true)) {
            redis.send(Request.cmd(Command.DECR).arg(key));
          }
        };
        if (count > limit.max()) {
          release.run();
          report(ctx, "concurrent", limit.score()).onComplete(done -> refuse(ctx, done.succeeded() && done.result(),
            429, "Only " + limit.max() + " messages at a time. Please allow any other responses to complete before "
              + "sending another message, or wait one minute.", 60));
          return;
        }
        // called when the (possibly streamed) answer ends, fails or its connection goes away
        ctx.addEndHandler(v -> release.run());
        ctx.next();
      });
  }

  private Future<Boolean> report(RoutingContext ctx, String type, long score) {
    return moderation.report(type, BearerAuth.userId(ctx), ip(ctx), score);
  }

  /** A refusal outside a limiter (no browser, too many at once), with the ban its violation may have set. */
  private void refuse(RoutingContext ctx, boolean banned, int status, String message, long retryAfter) {
    LimiterAnswer.refuse(ctx, banned, () -> banEnd(ctx), status, message, retryAfter);
  }

  /** The end of the ban a violation just set on the user or the address. */
  private long banEnd(RoutingContext ctx) {
    return bans.until(BearerAuth.userId(ctx), ip(ctx), System.currentTimeMillis());
  }

  private String ip(RoutingContext ctx) {
    return ClientIp.of(ctx.request(), trustProxyHops);
  }
}
