package io.gatehouse.moderation;

import io.gatehouse.cluster.Announcements;
import io.gatehouse.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ban records in Redis, the source of truth: {@code gatehouse:ban:<subject>} holding why and until
 * when, expiring with the ban. Every change is announced so each node's {@link BanCache} follows at once.
 */
public final class BanStore {
  static final String PREFIX = "gatehouse:ban:";
  public static final String BANNED = "banned";
  public static final String UNBANNED = "unbanned";

  private final Redis redis;
  private final Announcements announcements;

  public BanStore(Redis redis, Announcements announcements) {
    this.redis = redis;
    this.announcements = announcements;
  }

  /** Bans a subject until {@code record.expiresAt} (ms). */
  public Future<Void> ban(String subject, JsonObject record) {
    long ttl = Math.max(1, record.getLong("expiresAt") - System.currentTimeMillis());
    return redis.send(Request.cmd(Command.SET).arg(PREFIX + subject).arg(record.encode()).arg("PX").arg(ttl))
      .compose(ok -> announcements.announce(new JsonObject().put("type", BANNED).put("subject", subject)
        .put("until", record.getLong("expiresAt"))));
  }

  /** Lifts a ban; true when there was one. */
  public Future<Boolean> unban(String subject) {
    return redis.send(Request.cmd(Command.DEL).arg(PREFIX + subject))
      .compose(removed -> announcements.announce(new JsonObject().put("type", UNBANNED).put("subject", subject))
        .map(removed != null && removed.toLong() > 0));
  }

  /** Every active ban: subject → its record. */
  public Future<Map<String, JsonObject>> loadAll() {
    return RedisKeys.values(redis, PREFIX + "*").map(values -> {
      Map<String, JsonObject> bans = new LinkedHashMap<>();
      values.forEach((key, value) -> bans.put(key.substring(PREFIX.length()), new JsonObject(value)));
      return bans;
    });
  }

  /** Keeps a node's cache current from the announcements, reloading whenever they may have been missed. */
  public void follow(Announcements events, BanCache cache) {
    events.on(BANNED, event -> cache.put(event.getString("subject"), event.getLong("until")));
    events.on(UNBANNED, event -> cache.remove(event.getString("subject")));
    events.reloadWith(() -> loadAll().map(bans -> {
      Map<String, Long> until = new LinkedHashMap<>();
      bans.forEach((subject, record) -> until.put(subject, record.getLong("expiresAt")));
      cache.replaceAll(until);
      return null;
    }));
  }
}
