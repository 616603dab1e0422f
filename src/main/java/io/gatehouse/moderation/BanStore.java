package io.gatehouse.moderation;

import io.gatehouse.cluster.Announcements;
import io.gatehouse.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ban records in Redis, the source of truth: {@code gatehouse:ban:<subject>} holding why and until
 * when, expiring with the ban. Every ban and unban takes the next number of one Redis counter, so
 * states have an order. Every change is announced, and a node that hears an announcement reads the
 * subject's record back from Redis and applies that (with its order), never the announcement itself:
 * whoever can reach the cluster port or publish on Redis cannot ban or unban anyone by announcing.
 */
public final class BanStore {
  static final String PREFIX = "gatehouse:ban:";
  /** The order of ban states; outside {@link #PREFIX}, so listing the bans never lists it. */
  static final String VERSION = "gatehouse:ban-version";
  public static final String BANNED = "banned";
  public static final String UNBANNED = "unbanned";
  private static final Logger LOG = LoggerFactory.getLogger(BanStore.class);
  private static final int MAX_SUBJECT_LENGTH = 128;
  private static final String BAN = """
    local version = redis.call('INCR', KEYS[2])
    redis.call('SET', KEYS[1], ARGV[1] .. ',"version":' .. version .. '}', 'PX', ARGV[2])
    return version
    """;
  private static final String UNBAN = """
    local version = redis.call('INCR', KEYS[2])
    return {version, redis.call('DEL', KEYS[1])}
    """;
  private static final String READ = """
    return {redis.call('GET', KEYS[1]), redis.call('GET', KEYS[2])}
    """;

  /** What an unban did: the version it took, and whether there was a ban to lift. */
  public record Lifted(long version, boolean wasBanned) {
  }

  private final Redis redis;
  private final Announcements announcements;

  public BanStore(Redis redis, Announcements announcements) {
    this.redis = redis;
    this.announcements = announcements;
  }

  /** Bans a subject until {@code record.expiresAt} (ms); answers the version of this ban. */
  public Future<Long> ban(String subject, JsonObject record) {
    long until = record.getLong("expiresAt");
    long ttl = Math.max(1, until - System.currentTimeMillis());
    // the script closes the object with the version it takes
    String encoded = record.copy().put("version", null).encode();
    String unclosed = encoded.substring(0, encoded.length() - ",\"version\":null}".length());
    return redis.send(Request.cmd(Command.EVAL).arg(BAN).arg(2).arg(PREFIX + subject).arg(VERSION).arg(unclosed).arg(ttl))
      .map(Response::toLong)
      .compose(version -> announcements.announce(new JsonObject().put("type", BANNED).put("subject", subject)
        .put("until", until).put("version", version)).map(version));
  }

  /** Lifts a ban. */
  public Future<Lifted> unban(String subject) {
    return redis.send(Request.cmd(Command.EVAL).arg(UNBAN).arg(2).arg(PREFIX + subject).arg(VERSION))
      .map(reply -> new Lifted(reply.get(0).toLong(), reply.get(1).toLong() > 0))
      .compose(lifted -> announcements.announce(new JsonObject().put("type", UNBANNED).put("subject", subject)
        .put("version", lifted.version())).map(lifted));
  }

  /** Every active ban: subject → its record. */
  public Future<Map<String, JsonObject>> loadAll() {
    return RedisKeys.values(redis, PREFIX + "*").map(values -> {
      Map<String, JsonObject> bans = new LinkedHashMap<>();
      values.forEach((key, value) -> bans.put(key.substring(PREFIX.length()), new JsonObject(value)));
      return bans;
    });
  }

  /** Every active ban with its version, and the version counter read before them. */
  public Future<Snapshot> snapshot() {
    return redis.send(Request.cmd(Command.GET).arg(VERSION)).compose(counter -> loadAll().map(records -> {
      Map<String, BanCache.Versioned> bans = new LinkedHashMap<>();
      records.forEach((subject, record) -> bans.put(subject, versioned(record)));
      return new Snapshot(bans, counter == null ? 0 : counter.toLong());
    }));
  }

  /** Every ban Redis held (subject → end and version), read after its counter stood at {@code version}. */
  public record Snapshot(Map<String, BanCache.Versioned> bans, long version) {
  }

  /** Keeps a node's cache current from the announcements, reloading whenever they may have been missed. */
  public void follow(Announcements events, BanCache cache) {
    events.on(BANNED, event -> confirm(event.getValue("subject"), cache));
    events.on(UNBANNED, event -> confirm(event.getValue("subject"), cache));
    events.reloadWith(() -> snapshot().map(snapshot -> {
      cache.replaceAll(snapshot.bans(), snapshot.version());
      return null;
    }));
  }

  /** Reads the subject's record and the counter in one step, and applies what Redis holds. */
  private void confirm(Object announced, BanCache cache) {
    if (!(announced instanceof String subject) || subject.length() > MAX_SUBJECT_LENGTH
      || !(subject.startsWith("user:") || subject.startsWith("ip:"))) {
      LOG.warn("Ignoring a ban announcement without a valid subject");
      return;
    }
    redis.send(Request.cmd(Command.EVAL).arg(READ).arg(2).arg(PREFIX + subject).arg(VERSION))
      .onSuccess(reply -> {
        Response record = reply.get(0);
        if (record != null) {
          BanCache.Versioned ban = versioned(new JsonObject(record.toString()));
          cache.put(subject, ban.untilMs(), ban.version());
        } else {
          Response counter = reply.get(1);
          cache.remove(subject, counter == null ? 0 : counter.toLong());
        }
      })
      .onFailure(error -> LOG.warn("Ban announcement for {} not confirmed (the next reload applies it): {}", subject,
        error.toString()));
  }

  /** Records written before bans had versions count as the oldest. */
  private static BanCache.Versioned versioned(JsonObject record) {
    return new BanCache.Versioned(record.getLong("expiresAt"), record.getLong("version", 0L));
  }
}
