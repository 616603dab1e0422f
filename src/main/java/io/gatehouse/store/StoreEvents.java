package io.gatehouse.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
 * The Redis channel on which state changes are announced: revocations, bans, user changes. Scripts run
 * in their own process, outside the Vert.x cluster, so this is how they reach every running node.
 * Each node subscribes, hands each event to the handler of its {@code type}, and after every
 * (re)connect reloads the state it may have missed. Events are JSON: {@code {"type": ..., ...}}.
 */
public final class StoreEvents {
  public static final String CHANNEL = "gatehouse:events";
  private static final Logger LOG = LoggerFactory.getLogger(StoreEvents.class);
  private static final long RETRY_MS = 1000;

  private final Vertx vertx;
  private final Redis redis;
  private final Map<String, List<Consumer<JsonObject>>> handlers = new HashMap<>();
  private final List<Supplier<Future<Void>>> reloads = new ArrayList<>();
  private volatile boolean closed;
  private volatile RedisConnection connection;

  public StoreEvents(Vertx vertx, Redis redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  /** Announces an event to every node (and this one). */
  public static Future<Void> publish(Redis redis, JsonObject event) {
    return redis.send(Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(event.encode())).mapEmpty();
  }

  /** Registers a handler for one event type; call before {@link #start()}. */
  public StoreEvents on(String type, Consumer<JsonObject> handler) {
    handlers.computeIfAbsent(type, t -> new ArrayList<>()).add(handler);
    return this;
  }

  /** Registers what to reload from Redis after each (re)connect; call before {@link #start()}. */
  public StoreEvents reloadWith(Supplier<Future<Void>> reload) {
    reloads.add(reload);
    return this;
  }

  /** Subscribes, then reloads, so nothing announced in between is lost. A Redis that is down does not stop the node. */
  public Future<Void> start() {
    return connect().recover(error -> {
      LOG.warn("Redis events unavailable, retrying: {}", error.toString());
      reconnectLater();
      return Future.succeededFuture();
    });
  }

  private Future<Void> connect() {
    return redis.connect().compose(conn -> {
      connection = conn;
      conn.handler(this::onMessage);
      conn.exceptionHandler(error -> LOG.warn("Redis events connection: {}", error.toString()));
      conn.endHandler(v -> reconnectLater());
      return conn.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)).<Void>mapEmpty();
    }).compose(v -> {
      Future<Void> all = Future.succeededFuture();
      for (Supplier<Future<Void>> reload : reloads) {
        all = all.compose(x -> reload.get());
      }
      return all;
    });
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
      JsonObject event = new JsonObject(message.get(2).toString());
      handlers.getOrDefault(event.getString("type"), List.of()).forEach(handler -> handler.accept(event));
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
