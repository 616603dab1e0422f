package io.gatehouse.store;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** The one Redis client of a Gatehouse instance. */
public final class RedisStore {
  private RedisStore() {
  }

  public static Redis client(Vertx vertx, String uri) {
    return Redis.createClient(vertx, new RedisOptions()
      .setConnectionString(uri)
      .setMaxPoolSize(16)
      .setMaxPoolWaiting(256)
      .setPoolRecycleTimeout(15_000));
  }
}
