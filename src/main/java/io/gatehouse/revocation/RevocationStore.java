package io.gatehouse.revocation;

import io.vertx.core.Future;
import io.gatehouse.store.RedisKeys;
import io.gatehouse.store.StoreEvents;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.HashMap;
import java.util.Map;

/**
 * Revocations in Redis, the source of truth every node (and every script) shares: one key per user
 * holding the revocation moment, expiring after an access token's lifetime, and a Redis publish so
 * running nodes apply it at once. Scripts run in their own process, outside the Vert.x cluster,
 * which is why the announcement goes through Redis.
 */
public final class RevocationStore {
  public static final String KEY_PREFIX = "gatehouse:revoked:";
  /** The event announcing a revocation: {@code {"type":"revoked","userId":...,"at":ms}}. */
  public static final String REVOKED = "revoked";
  /** The event telling nodes to drop cached copies of a user: {@code {"type":"user-changed","userId":...}}. */
  public static final String USER_CHANGED = "user-changed";

  private final Redis redis;
  private final long accessLifetimeMs;

  public RevocationStore(Redis redis, long accessLifetimeMs) {
    this.redis = redis;
    this.accessLifetimeMs = accessLifetimeMs;
  }

  /** Revokes every access token of the user issued up to {@code atMs}, on every node. */
  public Future<Void> revoke(String userId, long atMs) {
    return redis.send(Request.cmd(Command.SET).arg(KEY_PREFIX + userId).arg(atMs).arg("PX").arg(accessLifetimeMs + 60_000))
      .compose(ok -> StoreEvents.publish(redis, new JsonObject().put("type", REVOKED).put("userId", userId).put("at", atMs)));
  }

  /** Tells every node to drop cached copies of the user. */
  public Future<Void> userChanged(String userId) {
    return StoreEvents.publish(redis, new JsonObject().put("type", USER_CHANGED).put("userId", userId));
  }

  /** Keeps a node's list and user cache current from the events channel, reloading after each reconnect. */
  public void follow(StoreEvents events, RevocationList list, io.gatehouse.accounts.UserCache users) {
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
