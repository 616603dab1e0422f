package io.gatehouse.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * A path with a malformed escape ({@code /oauth/%zz}) cannot be matched against any route: Vert.x Web
 * throws while normalising it and logs a stack trace for every such request. Refused here first with
 * a plain 400, as the query string's own check does.
 */
final class PathCheck implements PlatformHandler {
  static final PathCheck CHECK = new PathCheck();

  private PathCheck() {
  }

  @Override
  public void handle(RoutingContext ctx) {
    try {
      ctx.normalizedPath();
    } catch (IllegalArgumentException malformed) {
      Answers.message(ctx, 400, "Bad request");
      return;
    }
    ctx.next();
  }
}
