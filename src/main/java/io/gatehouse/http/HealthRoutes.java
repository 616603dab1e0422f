package io.gatehouse.http;

import io.gatehouse.cluster.Cluster;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.concurrent.TimeUnit;

/**
 * {@code /health} (LibreChat's), {@code /livez} (the process answers) and {@code /readyz} (its stores
 * answer and, when clustered, it is a member: with how many members it sees).
 */
final class HealthRoutes {
  private static final long PROBE_TIMEOUT_MS = 2000;

  private final MongoClient mongo;
  private final Redis redis;
  private final Cluster cluster;

  HealthRoutes(MongoClient mongo, Redis redis, Cluster cluster) {
    this.mongo = mongo;
    this.redis = redis;
    this.cluster = cluster;
  }

  void mount(Router router) {
    router.get("/health").handler(ctx -> Answers.text(ctx, 200, "OK"));
    router.get("/livez").handler(ctx -> Answers.text(ctx, 200, "OK"));
    router.get("/readyz").handler(this::ready);
  }

  private void ready(RoutingContext ctx) {
    Future<Void> mongoUp = mongo.runCommand("ping", new JsonObject().put("ping", 1)).<Void>mapEmpty()
      .timeout(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    Future<Void> redisUp = redis.send(Request.cmd(Command.PING)).<Void>mapEmpty()
      .timeout(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    Future.join(mongoUp, redisUp).onComplete(done -> {
      JsonObject status = new JsonObject()
        .put("mongo", mongoUp.succeeded() ? "up" : "down: " + mongoUp.cause().getClass().getSimpleName())
        .put("redis", redisUp.succeeded() ? "up" : "down: " + redisUp.cause().getClass().getSimpleName());
      JsonObject membership = cluster.status();
      if (membership != null) {
        status.put("cluster", membership);
      }
      boolean ready = mongoUp.succeeded() && redisUp.succeeded() && cluster.healthy();
      Answers.json(ctx, ready ? 200 : 503, status.put("status", ready ? "ready" : "unavailable"));
    });
  }
}
