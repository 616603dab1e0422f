package io.gatehouse.moderation.http;

import io.gatehouse.http.Answers;
import io.gatehouse.moderation.RateLimiter;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.function.LongSupplier;

/**
 * What a guarded request hears, the same on every route: express-rate-limit's headers on each counted
 * request; once refused, its violation reported, then the ban that report set (403 with its end) or the
 * route's refusal with Retry-After.
 */
final class LimiterAnswer {
  private LimiterAnswer() {
  }

  /** express-rate-limit's headers, written only while the answer is still to come. */
  static void headers(RoutingContext ctx, RateLimiter.Hit hit) {
    Answers.header(ctx, "X-RateLimit-Limit", String.valueOf(hit.max()));
    Answers.header(ctx, "X-RateLimit-Remaining", String.valueOf(hit.remaining()));
    Answers.header(ctx, "X-RateLimit-Reset", String.valueOf((hit.resetAtMs() + 999) / 1000));
  }

  /**
   * A request over its limiter: 429 with the limiter's message, or the ban its {@code reported} violation
   * set ({@code banEnd} says until when). Answers whether it banned (a failed report did not).
   */
  static Future<Boolean> limited(RoutingContext ctx, RateLimiter.Hit hit, Future<Boolean> reported, LongSupplier banEnd,
                                 String message) {
    headers(ctx, hit);
    long retryAfter = hit.retryAfterSeconds(System.currentTimeMillis());
    return reported.otherwise(false).onSuccess(banned -> refuse(ctx, banned, banEnd, 429, message, retryAfter));
  }

  /** A refused request whose violation was reported: the ban it set, else {@code status} (with Retry-After when positive). */
  static void refuse(RoutingContext ctx, boolean banned, LongSupplier banEnd, int status, String message,
                     long retryAfterSeconds) {
    if (banned) {
      long now = System.currentTimeMillis();
      Answers.banned(ctx, banEnd.getAsLong(), now);
      return;
    }
    if (retryAfterSeconds > 0) {
      Answers.header(ctx, "Retry-After", String.valueOf(retryAfterSeconds));
    }
    Answers.message(ctx, status, message);
  }
}
