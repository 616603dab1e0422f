package io.gatehouse.moderation;

import io.gatehouse.config.ModerationConfig.Limit;
import io.gatehouse.config.ModerationConfig.Limiter;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed-window counters shared by every node in Redis (one atomic script per hit), as
 * express-rate-limit counts: the window starts at the first hit, and hits over the maximum are
 * refused and still counted. When Redis does not answer, each node counts on its own until it does.
 */
public final class RateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  static final String PREFIX = "gatehouse:limit:";
  private static final String SCRIPT = """
    local n = redis.call('INCR', KEYS[1])
    local ttl = redis.call('PTTL', KEYS[1])
    if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
    return {n, ttl}
    """;

  /** One counted request: the count in its window, the limit, and when the window resets. */
  public record Hit(long count, long max, long resetAtMs) {
    public boolean limited() {
      return count > max;
    }

    public long remaining() {
      return Math.max(0, max - count);
    }

    public long retryAfterSeconds(long nowMs) {
      return Math.max(1, (resetAtMs - nowMs + 999) / 1000);
    }
  }

  private record Window(AtomicLong count, long resetAtMs) {
  }

  private final Redis redis;
  private final ConcurrentHashMap<String, Window> local = new ConcurrentHashMap<>();
  private final AtomicBoolean degraded = new AtomicBoolean();

  public RateLimiter(Redis redis) {
    this.redis = redis;
  }

  public Future<Hit> hit(Limiter limiter, String key, Limit limit) {
    return hit(limiter.limiterName(), key, limit.max(), limit.windowMs());
  }

  /** One hit on the counter {@code name} of {@code key}: at most {@code max} per window of {@code windowMs}. */
  public Future<Hit> hit(String name, String key, long max, long windowMs) {
    String redisKey = PREFIX + name + ":" + key;
    long now = System.currentTimeMillis();
    return redis.send(Request.cmd(Command.EVAL).arg(SCRIPT).arg(1).arg(redisKey).arg(windowMs))
      .map(reply -> {
        if (degraded.compareAndSet(true, false)) {
          LOG.info("Redis answers again: limiters are shared across nodes again");
          local.clear();
        }
        return new Hit(reply.get(0).toLong(), max, now + reply.get(1).toLong());
      })
      .recover(error -> {
        if (degraded.compareAndSet(false, true)) {
          LOG.warn("Redis unreachable ({}): limiters count per node until it returns", error.toString());
        }
        return Future.succeededFuture(localHit(redisKey, max, windowMs, now));
      });
  }

  private Hit localHit(String key, long max, long windowMs, long now) {
    Window window = local.compute(key, (k, w) -> w == null || w.resetAtMs <= now
      ? new Window(new AtomicLong(), now + windowMs) : w);
    return new Hit(window.count.incrementAndGet(), max, window.resetAtMs);
  }
}
