package io.gatehouse.http;

import io.gatehouse.accounts.Accounts;
import io.gatehouse.accounts.UserCache;
import io.gatehouse.accounts.UserViews;
import io.gatehouse.http.FailureAnswers.Route;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/user}: served from the in-memory cache; the accounts service is asked only on a miss. */
final class UserRoutes {
  private final Accounts accounts;
  private final UserCache cache;

  UserRoutes(Accounts accounts, UserCache cache) {
    this.accounts = accounts;
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
    cache.load(id, now, accounts::find)
      .onSuccess(document -> Answers.json(ctx, 200, UserViews.profile(document)))
      .onFailure(error -> FailureAnswers.send(ctx, Route.CURRENT_USER, error));
  }
}
