package io.gatehouse.moderation;

import io.gatehouse.http.Answers;
import io.vertx.ext.web.RoutingContext;

/** express-rate-limit's headers on every counted request, written only while the answer is still to come. */
final class RateLimitHeaders {
  private RateLimitHeaders() {
  }

  static void put(RoutingContext ctx, RateLimiter.Hit hit) {
    Answers.header(ctx, "X-RateLimit-Limit", String.valueOf(hit.max()));
    Answers.header(ctx, "X-RateLimit-Remaining", String.valueOf(hit.remaining()));
    Answers.header(ctx, "X-RateLimit-Reset", String.valueOf((hit.resetAtMs() + 999) / 1000));
  }
}
