package io.gatehouse.cluster;

import io.gatehouse.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every node learns that shared state changed (a ban, an unban, a revocation, a user changed) so
 * its in-memory caches follow at once; Redis stays the source of truth. Events are JSON objects
 * {@code {"type": ..., ...}} and reach one set of handlers by two ways in:
 * <ul>
 *   <li>a clustered node announces on the cluster-wide event bus ({@link Addresses#EVENTS}), straight
 *       to every member;</li>
 *   <li>the scripts run outside any cluster, so they announce on the Redis channel {@link #CHANNEL},
 *       which every node subscribes to; so does a node that is not clustered, which keeps nodes that
 *       share one Redis without a cluster in agreement.</li>
 * </ul>
 * Each event takes exactly one of the two ways. Handlers must be idempotent (put an end, remove, keep the
 * latest moment): an event may still be applied twice, by the node that made the change and again when
 * its announcement comes back, or by a reload. After every (re)connect to Redis, and whenever a node
 * joins the cluster (a partition healing), each node reloads the state it may have missed.
 */
public final class Announcements {
  public static final String CHANNEL = "gatehouse:events";
  private static final Logger LOG = LoggerFactory.getLogger(Announcements.class);
  private static final long RETRY_MS = 1000;

  private final Vertx vertx;
  private final Redis redis;
  private final Map<String, List<Consumer<JsonObject>>> handlers = new HashMap<>();
  private final List<Supplier<Future<Void>>> reloads = new ArrayList<>();
  private volatile boolean closed;
  private volatile RedisConnection connection;
  private MessageConsumer<Object> consumer;

  public Announcements(Vertx vertx, Redis redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  /** Tells every node (this one included): on the event bus when clustered, else on the Redis channel. */
  public Future<Void> announce(JsonObject event) {
    if (vertx.isClustered()) {
      vertx.eventBus().publish(Addresses.EVENTS, event);
      return Future.succeededFuture();
    }
    return redis.send(Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(event.encode())).mapEmpty();
  }

  /** Registers a handler for one event type; call before {@link #start()}. */
  public Announcements on(String type, Consumer<JsonObject> handler) {
    handlers.computeIfAbsent(type, t -> new ArrayList<>()).add(handler);
    return this;
  }

  /** Registers what to reload from Redis after each (re)connect; call before {@link #start()}. */
  public Announcements reloadWith(Supplier<Future<Void>> reload) {
    reloads.add(reload);
    return this;
  }

  /**
   * Listens on both ways in, then reloads, so nothing announced in between is lost; a node serves only
   * after this. A Redis that is down does not stop the node: it retries, and reloads once connected.
   */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(Addresses.EVENTS, message -> {
      if (message.body() instanceof JsonObject event) {
        dispatch(event);
      }
    });
    return consumer.completion().compose(v -> connect().recover(error -> {
      LOG.warn("Redis events unavailable, retrying: {}", error.toString());
      reconnectLater();
      return Future.succeededFuture();
    }));
  }

  /** Reloads everything from Redis (a partition healed: announcements may have been lost meanwhile). */
  public Future<Void> reload() {
    Future<Void> all = Future.succeededFuture();
    for (Supplier<Future<Void>> reload : reloads) {
      all = all.compose(x -> reload.get());
    }
    return all;
  }

  private Future<Void> connect() {
    return redis.connect().compose(conn -> {
      connection = conn;
      conn.handler(this::onMessage);
      conn.exceptionHandler(error -> LOG.warn("Redis events connection: {}", error.toString()));
      conn.endHandler(v -> reconnectLater());
      return conn.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)).<Void>mapEmpty();
    }).compose(v -> reload());
  }

  private void reconnectLater() {
    if (closed) {
      return;
    }
    vertx.setTimer(RETRY_MS, id -> connect()
      .onSuccess(v -> LOG.info("Redis events connection restored"))
      .onFailure(error -> reconnectLater()));
  }

  private void onMessage(Response message) {
    if (message.type() != ResponseType.PUSH || message.size() < 3 || !"message".equals(message.get(0).toString())) {
      return;
    }
    try {
      dispatch(new JsonObject(message.get(2).toString()));
    } catch (RuntimeException e) {
      LOG.warn("Ignoring a malformed announcement: {}", e.toString());
    }
  }

  private void dispatch(JsonObject event) {
    try {
      handlers.getOrDefault(event.getString("type"), List.of()).forEach(handler -> handler.accept(event));
    } catch (RuntimeException e) {
      LOG.warn("Ignoring a malformed announcement: {}", e.toString());
    }
  }

  public void close() {
    closed = true;
    if (consumer != null) {
      consumer.unregister();
    }
    RedisConnection conn = connection;
    if (conn != null) {
      conn.close();
    }
  }
}
