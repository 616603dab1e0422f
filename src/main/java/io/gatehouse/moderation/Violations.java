package io.gatehouse.moderation;

import io.gatehouse.store.Documents;
import io.gatehouse.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.List;

/**
 * Violation scores per type and subject, in Redis: a user's accumulate as in LibreChat, an address's
 * expire after {@code IP_VIOLATION_TTL} without violations. Each violation is also appended to a
 * capped log an operator can list.
 */
public final class Violations {
  static final String PREFIX = "gatehouse:violations:";
  static final String LOG = "gatehouse:violations:log";
  private static final int LOG_LENGTH = 10_000;

  /** A score before and after one violation. */
  public record Score(long previous, long current) {
    /** True when the score passed a multiple of {@code interval} (20, 40, 60, ... by default). */
    public boolean crossed(long interval) {
      return Math.floorDiv(previous, interval) < Math.floorDiv(current, interval);
    }
  }

  private final Redis redis;
  private final long ipTtlMs;

  public Violations(Redis redis, long ipTtlMs) {
    this.redis = redis;
    this.ipTtlMs = ipTtlMs;
  }

  /** Adds the score to a subject ({@code user:<id>} or {@code ip:<address>}) for this type. */
  public Future<Score> add(String type, String subject, long score) {
    String key = PREFIX + type + ":" + subject;
    Future<Long> total = redis.send(Request.cmd(Command.INCRBY).arg(key).arg(score)).map(r -> r.toLong());
    if (subject.startsWith("ip:")) {
      total = total.compose(n -> redis.send(Request.cmd(Command.PEXPIRE).arg(key).arg(ipTtlMs)).map(n));
    }
    return total.map(n -> new Score(n - score, n));
  }

  /** Appends a record of the violation to the operators' log. */
  public Future<Void> log(String type, long score, String userId, String ip, Score total) {
    JsonObject record = new JsonObject().put("type", type).put("score", score).put("user_id", userId).put("ip", ip)
      .put("violation_count", total == null ? null : total.current())
      .put("date", Documents.isoDate(Instant.now()));
    return redis.send(Request.cmd(Command.LPUSH).arg(LOG).arg(record.encode()))
      .compose(n -> redis.send(Request.cmd(Command.LTRIM).arg(LOG).arg(0).arg(LOG_LENGTH - 1)))
      .mapEmpty();
  }

  /** Clears every score of a subject (an operator's unban starts it afresh). */
  public Future<Integer> reset(String subject) {
    return RedisKeys.keys(redis, PREFIX + "*:" + subject).compose(keys -> {
      if (keys.isEmpty()) {
        return Future.succeededFuture(0);
      }
      Request del = Request.cmd(Command.DEL);
      keys.forEach(del::arg);
      return redis.send(del).map(r -> keys.size());
    });
  }

  /** The most recent log records, newest first. */
  public Future<List<JsonObject>> recent(int count) {
    return redis.send(Request.cmd(Command.LRANGE).arg(LOG).arg(0).arg(count - 1)).map(list -> {
      java.util.ArrayList<JsonObject> out = new java.util.ArrayList<>();
      list.forEach(item -> out.add(new JsonObject(item.toString())));
      return out;
    });
  }
}
