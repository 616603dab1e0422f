package io.gatehouse.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Netty decodes a query string on first read and throws on a malformed escape ({@code %zz}); read
 * inside a guard or handler, that would escape as a 500. Checked once up front instead: a 400, which
 * {@code /oauth/*} turns into its {@code auth_failed} redirect.
 */
final class QueryString {
  private QueryString() {
  }

  static void check(RoutingContext ctx) {
    try {
      ctx.request().params();
    } catch (IllegalArgumentException malformed) {
      ctx.fail(400, malformed);
      return;
    }
    ctx.next();
  }
}
