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
    PUBLIC,
    /** {@code POST /api/auth/requestPasswordReset}. */
    PASSWORD_RESET_REQUEST,
    /** {@code POST /api/auth/resetPassword}: the address only (the link's account is proven by its token later). */
    PASSWORD_RESET,
    /** {@code POST /api/user/verify} and {@code /api/user/verify/resend}: one bucket per address for both. */
    EMAIL_VERIFICATION,
    /** {@code POST /api/auth/2fa/verify-temp}, for the account of the verified temp token ({@link #actor}). */
    TWO_FACTOR_LOGIN,
    /**
     * The bearer 2FA routes that check a code ({@code enable}, {@code verify}, {@code confirm}, {@code disable},
     * {@code backup/regenerate}), for the token's account ({@link #actor}), after the {@link #AUTHENTICATED} guards.
     */
    TWO_FACTOR_CODE
  }

  private static final String ACTOR = "gatehouse.actor";

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

  /**
   * Names the account a request without an access token acts for, once the request has proven it is
   * that account's (a verified temp token): never an account a form or query merely names.
   */
  public static void actFor(RoutingContext ctx, String userId) {
    ctx.put(ACTOR, userId);
  }

  /** The account named by {@link #actFor}, or null. */
  public static String actor(RoutingContext ctx) {
    return ctx.get(ACTOR);
  }

  /**
   * Appends the point's guards to a route chain, after a check that the query string decodes (the
   * login guards read the email there); bearer routes read none, and proxied ones pass it on as is.
   */
  public Route apply(Route route, Point point) {
    if (point != Point.AUTHENTICATED) {
      route.handler(QueryString::check);
    }
    handlers.getOrDefault(point, List.of()).forEach(route::handler);
    return route;
  }
}
