package io.gatehouse.testing;

import io.gatehouse.cluster.Announcements;
import io.gatehouse.moderation.BanStore;
import io.gatehouse.store.RedisKeys;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/** A test-side Redis client to look at what a node keeps in its Redis, blocking the test thread per call. */
public final class RedisPeek implements AutoCloseable {
  private final Vertx vertx;
  private final Redis redis;

  public RedisPeek(Vertx vertx, String uri) {
    this.vertx = vertx;
    this.redis = Redis.createClient(vertx, uri);
  }

  /** The ban records as a script changes them: from outside any cluster, announcing through Redis. */
  public BanStore bans() {
    return new BanStore(redis, new Announcements(vertx, redis));
  }

  /** The client itself, for the code under test that takes one (BanStore, ...). */
  public Redis client() {
    return redis;
  }

  public List<String> keys(String pattern) {
    return TestGatehouse.await(RedisKeys.keys(redis, pattern));
  }

  /** The string value of a key, or null when it does not exist. */
  public String get(String key) {
    Response value = TestGatehouse.await(redis.send(Request.cmd(Command.GET).arg(key)));
    return value == null ? null : value.toString();
  }

  /** A counter's value, 0 when the key does not exist. */
  public long counter(String key) {
    String value = get(key);
    return value == null ? 0 : Long.parseLong(value);
  }

  /** Milliseconds left before the key expires (-1 without expiry, -2 when it does not exist). */
  public long pttl(String key) {
    return TestGatehouse.await(redis.send(Request.cmd(Command.PTTL).arg(key))).toLong();
  }

  /** Every element of a list, head first. */
  public List<String> list(String key) {
    Response items = TestGatehouse.await(redis.send(Request.cmd(Command.LRANGE).arg(key).arg(0).arg(-1)));
    List<String> out = new ArrayList<>();
    items.forEach(item -> out.add(item.toString()));
    return out;
  }

  @Override
  public void close() {
    redis.close();
  }
}
