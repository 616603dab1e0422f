package io.gatehouse.http;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.oauth.SocialLogin;
import io.gatehouse.tokens.Admission;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /oauth}: LibreChat's social login routes. Every request passes the login guards (the login
 * limiter counts it, a banned address is refused). Start: 302 to the provider. Callback: a session
 * with LibreChat's cookies and 302 to {@code DOMAIN_CLIENT}, for an account with 2FA on 302 to the web
 * app's second-step page with a temp token, a banned user's 403, or, for any other
 * outcome, 302 to the login page with {@code error=auth_failed}. Never a 500 page.
 */
final class OAuthRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(OAuthRoutes.class);

  private final GatehouseConfig config;
  private final SocialLogin socialLogin;
  private final Cookies cookies;

  OAuthRoutes(GatehouseConfig config, SocialLogin socialLogin, Cookies cookies) {
    this.config = config;
    this.socialLogin = socialLogin;
    this.cookies = cookies;
  }

  void mount(Router router, Guards guards) {
    // first: matching a route with a path parameter already decodes the query string
    router.route("/oauth/*").handler(QueryString::check).failureHandler(this::failed);
    guards.apply(router.get("/oauth/error"), Guards.Point.LOGIN).handler(this::authFailed);
    guards.apply(router.get("/oauth/:provider"), Guards.Point.LOGIN).handler(this::start);
    guards.apply(router.get("/oauth/:provider/callback"), Guards.Point.LOGIN)
      .handler(ctx -> callback(ctx, queryOf(ctx)));
    // Apple posts its answer as a form (response_mode=form_post)
    guards.apply(RequestBody.parse(router.post("/oauth/:provider/callback")), Guards.Point.LOGIN)
      .handler(ctx -> callback(ctx, RequestBody.of(ctx).mergeIn(queryOf(ctx), false)));
    guards.apply(router.route("/oauth/*"), Guards.Point.LOGIN).handler(this::authFailed);
  }

  /** Whatever failed (a malformed query, a body over the limit, a bug): back to the login page, never a 500. */
  private void failed(RoutingContext ctx) {
    if (ctx.statusCode() >= 500) {
      LOG.error("Unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    if (!ctx.response().headWritten()) {
      authFailed(ctx);
    }
  }

  private void start(RoutingContext ctx) {
    socialLogin.start(ctx.pathParam("provider"), binding(ctx), ClientIp.of(ctx.request(), config.trustProxyHops()))
      .onSuccess(redirect -> {
        cookies.setOAuthBinding(ctx.response(), redirect.binding(), Math.max(1, config.oauth().stateTtlMs() / 1000));
        Answers.redirect(ctx, redirect.location());
      })
      .onFailure(error -> authFailed(ctx));
  }

  private void callback(RoutingContext ctx, JsonObject params) {
    socialLogin.callback(ctx.pathParam("provider"), params, binding(ctx), ClientIp.of(ctx.request(), config.trustProxyHops()))
      .onSuccess(admission -> admitted(ctx, admission))
      .onFailure(error -> authFailed(ctx));
  }

  private void admitted(RoutingContext ctx, Admission admission) {
    switch (admission.outcome()) {
      case BANNED -> Answers.banned(ctx, admission.bannedUntil(), System.currentTimeMillis());
      // the web app's own second-step page; verify-temp opens the session
      case TWO_FACTOR_PENDING -> Answers.redirect(ctx, config.clientBase() + "/login/2fa?tempToken="
        + URLEncoder.encode(admission.tempToken(), StandardCharsets.UTF_8));
      case SESSION -> {
        cookies.setDevice(ctx.response(), admission.session().userId());
        cookies.setSession(ctx.response(), admission.session().refreshToken(), admission.session().expiration());
        // no token in the URL: the web app calls /api/auth/refresh with the cookie
        Answers.redirect(ctx, config.clientBase());
      }
      default -> authFailed(ctx);
    }
  }

  private void authFailed(RoutingContext ctx) {
    Answers.redirect(ctx, config.clientBase() + "/login?redirect=false&error=auth_failed");
  }

  private static String binding(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(Cookies.OAUTH_BINDING);
    return cookie == null ? null : cookie.getValue();
  }

  /** The query string's single-valued parameters (a repeated one keeps its first value). */
  private static JsonObject queryOf(RoutingContext ctx) {
    JsonObject params = new JsonObject();
    for (Map.Entry<String, String> entry : ctx.queryParams()) {
      if (!params.containsKey(entry.getKey())) {
        params.put(entry.getKey(), entry.getValue());
      }
    }
    return params;
  }
}
