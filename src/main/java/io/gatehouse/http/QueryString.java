package io.gatehouse.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * Netty decodes a query string on first read and throws on a malformed escape ({@code %zz}); read
 * inside a guard or handler, that would escape as a 500, and read while a form body is decoded, it
 * would leave the request unanswered. Checked once up front instead: a 400, which {@code /oauth/*}
 * turns into its {@code auth_failed} redirect. A platform handler, so it may run before the body is read.
 */
final class QueryString implements PlatformHandler {
  static final QueryString CHECK = new QueryString();

  private QueryString() {
  }

  /** The same check as a plain handler, for a chain that has read its body already or reads none. */
  static void check(RoutingContext ctx) {
    CHECK.handle(ctx);
  }

  @Override
  public void handle(RoutingContext ctx) {
    try {
      ctx.request().params();
    } catch (IllegalArgumentException malformed) {
      ctx.fail(400, malformed);
      return;
    }
    ctx.next();
  }
}
