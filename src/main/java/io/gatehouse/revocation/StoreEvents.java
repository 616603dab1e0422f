package io.gatehouse.revocation;

import io.gatehouse.accounts.UserCache;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the Redis events channel (scripts and other nodes announce revocations and user changes
 * there) and applies each event to this node's revocation list and user cache. Reconnects by itself;
 * after a reconnect it reloads the revocations it may have missed.
 */
public final class StoreEvents {
  private static final Logger LOG = LoggerFactory.getLogger(StoreEvents.class);
  private static final long RETRY_MS = 1000;

  private final Vertx vertx;
  private final Redis redis;
  private final RevocationStore store;
  private final RevocationList revocations;
  private final UserCache users;
  private volatile boolean closed;
  private volatile RedisConnection connection;

  public StoreEvents(Vertx vertx, Redis redis, RevocationStore store, RevocationList revocations, UserCache users) {
    this.vertx = vertx;
    this.redis = redis;
    this.store = store;
    this.revocations = revocations;
    this.users = users;
  }

  /**
   * Subscribes, then loads the current revocations, so nothing announced in between is lost. A Redis
   * that is down does not stop the node: it keeps trying in the background.
   */
  public io.vertx.core.Future<Void> start() {
    return subscribe().compose(v -> reload()).recover(error -> {
      LOG.warn("Redis events unavailable, retrying: {}", error.toString());
      reconnectLater();
      return io.vertx.core.Future.succeededFuture();
    });
  }

  private io.vertx.core.Future<Void> subscribe() {
    return redis.connect().compose(conn -> {
      connection = conn;
      conn.handler(this::onMessage);
      conn.exceptionHandler(error -> LOG.warn("Redis events connection: {}", error.toString()));
      conn.endHandler(v -> reconnectLater());
      return conn.send(Request.cmd(Command.SUBSCRIBE).arg(RevocationStore.CHANNEL)).mapEmpty();
    });
  }

  private io.vertx.core.Future<Void> reload() {
    return store.loadAll().map(all -> {
      all.forEach(revocations::apply);
      return null;
    });
  }

  private void reconnectLater() {
    if (closed) {
      return;
    }
    vertx.setTimer(RETRY_MS, id -> subscribe().compose(v -> reload())
      .onSuccess(v -> LOG.info("Redis events connection restored"))
      .onFailure(error -> reconnectLater()));
  }

  private void onMessage(Response message) {
    if (message.type() != ResponseType.PUSH || message.size() < 3 || !"message".equals(message.get(0).toString())) {
      return;
    }
    try {
      JsonObject event = new JsonObject(message.get(2).toString());
      String userId = event.getString("userId");
      if ("revoked".equals(event.getString("type"))) {
        revocations.apply(userId, event.getLong("at"));
      }
      users.invalidate(userId);
    } catch (RuntimeException e) {
      LOG.warn("Ignoring a malformed store event: {}", e.toString());
    }
  }

  public void close() {
    closed = true;
    RedisConnection conn = connection;
    if (conn != null) {
      conn.close();
    }
  }
}
