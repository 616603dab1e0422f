package io.gatehouse.revocation;

import io.gatehouse.cluster.Announcements;
import io.gatehouse.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.HashMap;
import java.util.Map;

/**
 * Revocations in Redis, the source of truth every node (and every script) shares: one key per user
 * holding the revocation moment, expiring after an access token's lifetime, and an announcement so
 * running nodes apply it at once.
 */
public final class RevocationStore {
  public static final String KEY_PREFIX = "gatehouse:revoked:";
  /** The event announcing a revocation: {@code {"type":"revoked","userId":...,"at":ms}}. */
  public static final String REVOKED = "revoked";
  /** The event telling nodes to drop cached copies of a user: {@code {"type":"user-changed","userId":...}}. */
  public static final String USER_CHANGED = "user-changed";

  private final Redis redis;
  private final Announcements announcements;
  private final long accessLifetimeMs;

  public RevocationStore(Redis redis, Announcements announcements, long accessLifetimeMs) {
    this.redis = redis;
    this.announcements = announcements;
    this.accessLifetimeMs = accessLifetimeMs;
  }

  /** Revokes every access token of the user issued up to {@code atMs}, on every node. */
  public Future<Void> revoke(String userId, long atMs) {
    return redis.send(Request.cmd(Command.SET).arg(KEY_PREFIX + userId).arg(atMs).arg("PX").arg(accessLifetimeMs + 60_000))
      .compose(ok -> announcements.announce(new JsonObject().put("type", REVOKED).put("userId", userId).put("at", atMs)));
  }

  /** Tells every node to drop cached copies of the user. */
  public Future<Void> userChanged(String userId) {
    return announcements.announce(new JsonObject().put("type", USER_CHANGED).put("userId", userId));
  }

  /** Keeps a node's list and user cache current from the announcements, reloading whenever they may have been missed. */
  public void follow(Announcements events, RevocationList list, io.gatehouse.accounts.UserCache users) {
    events.on(REVOKED, event -> {
      list.apply(event.getString("userId"), event.getLong("at"));
      users.invalidate(event.getString("userId"));
    });
    events.on(USER_CHANGED, event -> users.invalidate(event.getString("userId")));
    events.reloadWith(() -> loadAll().map(all -> {
      all.forEach(list::apply);
      return null;
    }));
  }

  /** Every current revocation: user id → moment. */
  public Future<Map<String, Long>> loadAll() {
    return RedisKeys.values(redis, KEY_PREFIX + "*").map(values -> {
      Map<String, Long> out = new HashMap<>();
      values.forEach((key, value) -> out.put(key.substring(KEY_PREFIX.length()), Long.parseLong(value)));
      return out;
    });
  }
}
