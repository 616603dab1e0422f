package io.gatehouse.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * Things that may be used once, on any node: a key in Redis set the first time (one atomic SET NX),
 * kept until the thing would have expired anyway. Shared by every replica, so a second use is refused
 * wherever it arrives.
 */
public final class SingleUse {
  private final Redis redis;
  private final String prefix;

  public SingleUse(Redis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  /** True when {@code id} was used before (a cheap look before doing work that a spent one must not get). */
  public Future<Boolean> spent(String id) {
    return redis.send(Request.cmd(Command.EXISTS).arg(prefix + id)).map(reply -> reply.toLong() > 0);
  }

  /** Uses {@code id} up; true for the one caller that did, false for every later one. */
  public Future<Boolean> spend(String id, long untilMs) {
    long ttl = Math.max(1, untilMs - System.currentTimeMillis());
    return redis.send(Request.cmd(Command.SET).arg(prefix + id).arg("1").arg("NX").arg("PX").arg(ttl))
      .map(reply -> reply != null && "OK".equals(reply.toString()));
  }
}
