package io.gatehouse.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The seam where moderation plugs into the HTTP pipeline: handlers registered for a point run on
 * every route of that point, after the body is parsed (or the bearer token verified) and before the
 * route's own work. A guard either answers (429, 403, ...) or calls {@code ctx.next()}.
 */
public final class Guards {
  public enum Point {
    /** {@code POST /api/auth/login} and every {@code /oauth/*} request. */
    LOGIN,
    /** {@code POST /api/auth/register}. */
    REGISTER,
    /** Every bearer-authenticated route, after the token is verified. */
    AUTHENTICATED,
    /** The backend's public routes behind the gateway (no login, no body read). */
    PUBLIC
  }

  private final Map<Point, List<Handler<RoutingContext>>> handlers = new EnumMap<>(Point.class);

  public Guards add(Point point, Handler<RoutingContext> guard) {
    handlers.computeIfAbsent(point, p -> new ArrayList<>()).add(guard);
    return this;
  }

  /**
   * The chain of every bearer route: the token verified, the {@link Point#AUTHENTICATED} guards (a
   * banned user hears about the ban), then tokens revoked before now refused.
   */
  public Route authenticated(Route route, BearerAuth bearer) {
    route.handler(bearer);
    apply(route, Point.AUTHENTICATED);
    return route.handler(bearer::refuseRevoked);
  }

  /** Appends the point's guards to a route chain. */
  public Route apply(Route route, Point point) {
    handlers.getOrDefault(point, List.of()).forEach(route::handler);
    return route;
  }
}
