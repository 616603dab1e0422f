package io.gatehouse.moderation;

import io.gatehouse.bus.Addresses;
import io.gatehouse.config.ModerationConfig;
import io.gatehouse.config.ModerationConfig.Limiter;
import io.gatehouse.http.Answers;
import io.gatehouse.http.BearerAuth;
import io.gatehouse.http.ClientIp;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
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
  private static final DeliveryOptions BUS = Addresses.local(10_000);

  private final ModerationConfig config;
  private final RateLimiter limiter;
  private final Redis redis;
  private final BanCache bans;
  private final EventBus bus;
  private final int trustProxyHops;

  public MessageGuards(ModerationConfig config, RateLimiter limiter, Redis redis, BanCache bans, EventBus bus,
                       int trustProxyHops) {
    this.config = config;
    this.limiter = limiter;
    this.redis = redis;
    this.bans = bans;
    this.bus = bus;
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
      long retry = hit.retryAfterSeconds(System.currentTimeMillis());
      RateLimitHeaders.put(ctx, hit);
      report(ctx, kind.violationType(), limit.score())
        .onComplete(done -> refuse(ctx, done.succeeded() && done.result(), 429, kind.message(limit.windowMinutes()), retry));
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
    JsonObject violation = new JsonObject().put("type", type).put("userId", BearerAuth.userId(ctx)).put("ip", ip(ctx))
      .put("score", score);
    return bus.<JsonObject>request(Addresses.MODERATION_REPORT, violation, BUS)
      .map(reply -> reply.body().getBoolean("banned", false));
  }

  private void refuse(RoutingContext ctx, boolean banned, int status, String message, long retryAfter) {
    if (banned) {
      // the ban this violation just set: LibreChat's body plus how long it lasts, as on every ban answer
      long now = System.currentTimeMillis();
      Answers.banned(ctx, bans.until(BearerAuth.userId(ctx), ip(ctx), now), now);
      return;
    }
    if (retryAfter > 0) {
      Answers.header(ctx, "Retry-After", String.valueOf(retryAfter));
    }
    Answers.message(ctx, status, message);
  }

  private String ip(RoutingContext ctx) {
    return ClientIp.of(ctx.request(), trustProxyHops);
  }
}
