package io.gatehouse.revocation;

import io.gatehouse.cluster.Announcements;
import io.gatehouse.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocations in Redis, the source of truth every node (and every script) shares: one key per user
 * holding the revocation moment, expiring after an access token's lifetime, and an announcement so
 * running nodes apply it at once. A moment only ever moves forward: an older revocation arriving late
 * never replaces a newer one, in Redis or in memory. A node acts on an announcement only after reading
 * the moment back from Redis, so whoever can reach the cluster port cannot revoke anyone by announcing.
 * Device cookies are distrusted the same way, under a key that lives as long as a device cookie.
 */
public final class RevocationStore {
  public static final String KEY_PREFIX = "gatehouse:revoked:";
  /** Device cookies of the user issued up to this moment no longer count (a password reset, a deletion). */
  public static final String DEVICES_PREFIX = "gatehouse:devices-revoked:";
  /** The event announcing a revocation: {@code {"type":"revoked","userId":...,"at":ms}}. */
  public static final String REVOKED = "revoked";
  /** The event telling nodes to drop cached copies of a user: {@code {"type":"user-changed","userId":...}}. */
  public static final String USER_CHANGED = "user-changed";
  private static final Logger LOG = LoggerFactory.getLogger(RevocationStore.class);
  /** Sets the moment unless a later one is stored; answers the moment now stored. */
  private static final String KEEP_LATEST = """
    local current = redis.call('GET', KEYS[1])
    if current == false or tonumber(current) < tonumber(ARGV[1]) then
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
      return ARGV[1]
    end
    return current
    """;

  private final Redis redis;
  private final Announcements announcements;
  private final long accessLifetimeMs;
  private final long deviceLifetimeMs;

  public RevocationStore(Redis redis, Announcements announcements, long accessLifetimeMs, long deviceLifetimeMs) {
    this.redis = redis;
    this.announcements = announcements;
    this.accessLifetimeMs = accessLifetimeMs;
    this.deviceLifetimeMs = deviceLifetimeMs;
  }

  /** Revokes every access token of the user issued up to {@code atMs}, on every node. */
  public Future<Void> revoke(String userId, long atMs) {
    return keepLatest(KEY_PREFIX + userId, atMs, accessLifetimeMs + 60_000)
      .compose(latest -> announcements.announce(new JsonObject().put("type", REVOKED).put("userId", userId).put("at", latest)));
  }

  /** Distrusts every device cookie of the user issued up to {@code atMs} (read at each login, so no announcement). */
  public Future<Void> revokeDevices(String userId, long atMs) {
    return keepLatest(DEVICES_PREFIX + userId, atMs, deviceLifetimeMs).mapEmpty();
  }

  /** Everything that ends with an account's password or the account itself: access tokens and device cookies. */
  public Future<Void> revokeAll(String userId, long atMs) {
    return revokeDevices(userId, atMs).compose(v -> revoke(userId, atMs));
  }

  private Future<Long> keepLatest(String key, long atMs, long ttlMs) {
    return redis.send(Request.cmd(Command.EVAL).arg(KEEP_LATEST).arg(1).arg(key).arg(atMs).arg(ttlMs))
      .map(Response::toLong);
  }

  /** Tells every node to drop cached copies of the user. */
  public Future<Void> userChanged(String userId) {
    return announcements.announce(new JsonObject().put("type", USER_CHANGED).put("userId", userId));
  }

  /**
   * Keeps a node's list current from the announcements, reloading whenever they may have been missed, and
   * tells {@code forgetUser} (the user cache) of every user revoked or changed.
   */
  public void follow(Announcements events, RevocationList list, Consumer<String> forgetUser) {
    events.on(REVOKED, event -> {
      String userId = event.getString("userId");
      forgetUser.accept(userId);
      confirm(userId, list);
    });
    events.on(USER_CHANGED, event -> forgetUser.accept(event.getString("userId")));
    events.reloadWith(() -> loadAll().map(all -> {
      all.forEach(list::apply);
      return null;
    }));
  }

  /** Applies the moment Redis holds for the user, whatever the announcement claimed. */
  private void confirm(String userId, RevocationList list) {
    if (userId == null) {
      return;
    }
    redis.send(Request.cmd(Command.GET).arg(KEY_PREFIX + userId))
      .onSuccess(stored -> {
        if (stored != null) {
          list.apply(userId, stored.toLong());
        }
      })
      .onFailure(error -> LOG.warn("Revocation of user {} not confirmed (the next reload applies it): {}", userId,
        error.toString()));
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
