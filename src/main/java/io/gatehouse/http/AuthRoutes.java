package io.gatehouse.http;

import io.gatehouse.accounts.Accounts;
import io.gatehouse.accounts.Registration;
import io.gatehouse.accounts.Validation;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.ModerationConfig;
import io.gatehouse.http.FailureAnswers.Route;
import io.gatehouse.tokens.Admission;
import io.gatehouse.tokens.Session;
import io.gatehouse.tokens.Sessions;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/auth}: register, login, refresh, logout, answering exactly as LibreChat does. */
final class AuthRoutes {
  static final String REGISTERED = "Please check your email to verify your email address.";
  static final String BAD_CREDENTIALS = "Incorrect email or password.";

  private final GatehouseConfig config;
  private final Accounts accounts;
  private final Sessions sessions;
  private final Cookies cookies;

  AuthRoutes(GatehouseConfig config, Accounts accounts, Sessions sessions, Cookies cookies) {
    this.config = config;
    this.accounts = accounts;
    this.sessions = sessions;
    this.cookies = cookies;
  }

  void mount(Router router, Guards guards, BearerAuth bearer) {
    guards.apply(RequestBody.parse(router.post("/api/auth/register")), Guards.Point.REGISTER).handler(this::register);
    guards.apply(RequestBody.parse(router.post("/api/auth/login")), Guards.Point.LOGIN).handler(this::login);
    RequestBody.bound(router.post("/api/auth/refresh")).handler(this::refresh);
    guards.authenticated(RequestBody.bound(router.post("/api/auth/logout")), bearer).handler(this::logout);
  }

  private void register(RoutingContext ctx) {
    if (!config.allowRegistration()) {
      Answers.message(ctx, 403, "Registration is not allowed.");
      return;
    }
    JsonObject body = RequestBody.of(ctx);
    var problem = Validation.registration(body, config.minPasswordLength());
    if (problem.isPresent()) {
      Answers.message(ctx, 404, problem.get());
      return;
    }
    accounts.register(new Registration(body))
      .onSuccess(registered -> Answers.message(ctx, 200, REGISTERED))
      .onFailure(error -> FailureAnswers.send(ctx, Route.REGISTER, error));
  }

  private void login(RoutingContext ctx) {
    JsonObject body = RequestBody.of(ctx);
    Object email = credential(ctx, body, "email");
    Object password = credential(ctx, body, "password");
    if (isMissing(email) || isMissing(password)) {
      Answers.message(ctx, 404, "Missing credentials");
      return;
    }
    JsonObject credentials = new JsonObject().put("email", email).put("password", password);
    var problem = Validation.login(credentials, config.minPasswordLength());
    if (problem.isPresent()) {
      Answers.message(ctx, 404, problem.get());
      return;
    }
    sessions.login(credentials.getString("email"), credentials.getString("password"),
        ClientIp.of(ctx.request(), config.trustProxyHops()), cookies.device(ctx.request()))
      .onSuccess(admission -> {
        switch (admission.outcome()) {
          case TWO_FACTOR_PENDING -> twoFactorPending(ctx, admission);
          case BANNED -> Answers.banned(ctx, admission.bannedUntil(), System.currentTimeMillis());
          case THROTTLED -> throttled(ctx, admission.retryAfterMs());
          case SESSION -> {
            cookies.setDevice(ctx.response(), admission.session().userId());
            startSession(ctx, cookies, admission.session());
          }
        }
      })
      .onFailure(error -> FailureAnswers.send(ctx, Route.LOGIN, error));
  }

  /** LibreChat's answer when a second factor is due: no session, no cookies, the temp token. */
  private static void twoFactorPending(RoutingContext ctx, Admission admission) {
    Answers.json(ctx, 200, new JsonObject().put("twoFAPending", true).put("tempToken", admission.tempToken()));
  }

  /**
   * Too many failed passwords for this account from browsers it never logged in from: the login
   * limiter's answer, with the account window.
   */
  private void throttled(RoutingContext ctx, long retryAfterMs) {
    long minutes = config.moderation().loginAccount().windowMinutes();
    Answers.header(ctx, "Retry-After", String.valueOf(Math.max(1, (retryAfterMs + 999) / 1000)));
    Answers.message(ctx, 429, ModerationConfig.Limiter.LOGIN.message(minutes));
  }

  private void refresh(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(Cookies.REFRESH_TOKEN);
    if (cookie == null || cookie.getValue().isEmpty()) {
      Answers.text(ctx, 200, "Refresh token not provided");
      return;
    }
    Route route = "true".equals(ctx.request().getParam("retry")) ? Route.REFRESH_RETRY : Route.REFRESH;
    sessions.refresh(cookie.getValue(), ClientIp.of(ctx.request(), config.trustProxyHops()))
      .onSuccess(session -> startSession(ctx, cookies, session))
      .onFailure(error -> FailureAnswers.send(ctx, route, error));
  }

  private void logout(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(Cookies.REFRESH_TOKEN);
    String refreshToken = cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    sessions.logout(BearerAuth.userId(ctx), refreshToken, ClientIp.of(ctx.request(), config.trustProxyHops()))
      .onSuccess(loggedOut -> {
        cookies.clearSession(ctx.response());
        Answers.message(ctx, 200, "Logout successful");
      })
      .onFailure(error -> FailureAnswers.send(ctx, Route.LOGOUT, error));
  }

  /** The session answer of login, refresh and the 2FA step: {@code {token, user}} plus the cookies. */
  static void startSession(RoutingContext ctx, Cookies cookies, Session session) {
    cookies.setSession(ctx.response(), session.refreshToken(), session.expiration());
    Answers.json(ctx, 200, new JsonObject().put("token", session.token()).put("user", session.user()));
  }

  /** passport-local reads the body field, then the query string. */
  private static Object credential(RoutingContext ctx, JsonObject body, String field) {
    Object value = body.getValue(field);
    return isMissing(value) ? ctx.request().getParam(field) : value;
  }

  /** passport-local's falsy check: absent, null, empty string, false or 0. */
  private static boolean isMissing(Object value) {
    return value == null || "".equals(value) || Boolean.FALSE.equals(value)
      || (value instanceof Number n && n.doubleValue() == 0);
  }
}
