package io.gatehouse.http;

import io.gatehouse.accounts.UserCache;
import io.gatehouse.accounts.UserViews;
import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Failure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/user}: served from the in-memory cache; the store is asked only on a miss. */
final class UserRoutes {
  private static final DeliveryOptions LOOKUP = Addresses.local(10_000);

  private final EventBus bus;
  private final UserCache cache;

  UserRoutes(EventBus bus, UserCache cache) {
    this.bus = bus;
    this.cache = cache;
  }

  void mount(Router router, Guards guards, BearerAuth bearer) {
    guards.authenticated(router.get("/api/user"), bearer).handler(this::currentUser);
  }

  private void currentUser(RoutingContext ctx) {
    String id = BearerAuth.userId(ctx);
    long now = System.currentTimeMillis();
    Buffer cached = cache.profile(id, now);
    if (cached != null) {
      Answers.json(ctx, 200, cached);
      return;
    }
    long generation = cache.generation();
    bus.<JsonObject>request(Addresses.ACCOUNTS_FIND, new JsonObject().put("id", id), LOOKUP)
      .onSuccess(reply -> {
        cache.put(id, reply.body(), generation, System.currentTimeMillis());
        Answers.json(ctx, 200, UserViews.profile(reply.body()));
      })
      .onFailure(error -> {
        Failure failure = Failure.of(error);
        if (failure == Failure.NOT_FOUND) {
          Answers.message(ctx, 401, "Unauthorized");
        } else {
          Answers.failure(ctx, failure, "Something went wrong.");
        }
      });
  }
}
