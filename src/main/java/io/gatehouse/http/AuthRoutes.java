package io.gatehouse.http;

import io.gatehouse.accounts.Validation;
import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Failure;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.ModerationConfig;
import io.gatehouse.devices.Device;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/auth}: register, login, refresh, logout, answering exactly as LibreChat does. */
final class AuthRoutes {
  static final String REGISTERED = "Please check your email to verify your email address.";
  static final String BAD_CREDENTIALS = "Incorrect email or password.";
  /** bcrypt queues behind a login storm; give it time, but never hang a request. */
  private static final DeliveryOptions SLOW = Addresses.local(30_000);
  private static final DeliveryOptions FAST = Addresses.local(10_000);

  private final GatehouseConfig config;
  private final EventBus bus;
  private final Cookies cookies;

  AuthRoutes(GatehouseConfig config, EventBus bus, Cookies cookies) {
    this.config = config;
    this.bus = bus;
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
    JsonObject request = new JsonObject()
      .put("name", body.getValue("name"))
      .put("username", body.getValue("username"))
      .put("email", body.getValue("email"))
      .put("password", body.getValue("password"))
      .put("confirm_password", body.getValue("confirm_password"));
    bus.<JsonObject>request(Addresses.ACCOUNTS_REGISTER, request, SLOW)
      .onSuccess(reply -> Answers.message(ctx, 200, REGISTERED))
      .onFailure(error -> {
        Failure failure = Failure.of(error);
        if (failure == Failure.INVALID_INPUT) {
          Answers.message(ctx, 404, error.getMessage());
        } else {
          Answers.failure(ctx, failure, "Something went wrong");
        }
      });
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
    credentials.put("ip", ClientIp.of(ctx.request(), config.trustProxyHops()));
    Device device = cookies.device(ctx.request());
    if (device != null) {
      credentials.put("device", device.toJson());
    }
    bus.<JsonObject>request(Addresses.TOKENS_LOGIN, credentials, SLOW)
      .onSuccess(reply -> {
        JsonObject answer = reply.body();
        if (answer.getBoolean("twoFAPending", false)) {
          Answers.json(ctx, 200, answer);
        } else if (answer.getBoolean("banned", false)) {
          Answers.banned(ctx, answer.getLong("until"), System.currentTimeMillis());
        } else if (answer.getBoolean("throttled", false)) {
          throttled(ctx, answer.getLong("retryAfterMs"));
        } else {
          cookies.setDevice(ctx.response(), userIdOf(answer));
          startSession(ctx, cookies, answer);
        }
      })
      .onFailure(error -> {
        switch (Failure.of(error)) {
          case BAD_CREDENTIALS -> Answers.message(ctx, 404, BAD_CREDENTIALS);
          case EMAIL_NOT_VERIFIED -> Answers.message(ctx, 422, "Email not verified.");
          default -> Answers.failure(ctx, Failure.of(error), "Something went wrong");
        }
      });
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
    JsonObject request = new JsonObject().put("refreshToken", cookie.getValue())
      .put("ip", ClientIp.of(ctx.request(), config.trustProxyHops()));
    boolean retry = "true".equals(ctx.request().getParam("retry"));
    bus.<JsonObject>request(Addresses.TOKENS_REFRESH, request, FAST)
      .onSuccess(reply -> startSession(ctx, cookies, reply.body()))
      .onFailure(error -> {
        switch (Failure.of(error)) {
          case INVALID_REFRESH_TOKEN -> Answers.text(ctx, 403, "Invalid refresh token");
          case USER_GONE -> Answers.redirect(ctx, "/login");
          case SESSION_NOT_FOUND -> {
            if (retry) {
              Answers.text(ctx, 403, "No session found");
            } else {
              Answers.text(ctx, 401, "Refresh token expired or not found for this user");
            }
          }
          default -> Answers.failure(ctx, Failure.of(error), "Something went wrong");
        }
      });
  }

  private void logout(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(Cookies.REFRESH_TOKEN);
    JsonObject request = new JsonObject()
      .put("userId", BearerAuth.userId(ctx))
      .put("refreshToken", cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue())
      .put("ip", ClientIp.of(ctx.request(), config.trustProxyHops()));
    bus.<JsonObject>request(Addresses.TOKENS_LOGOUT, request, FAST)
      .onSuccess(reply -> {
        cookies.clearSession(ctx.response());
        Answers.message(ctx, 200, "Logout successful");
      })
      .onFailure(error -> Answers.failure(ctx, Failure.of(error), "Failed to delete session."));
  }

  /** The session answer of login, refresh and the 2FA step: {@code {token, user}} plus the cookies. */
  static void startSession(RoutingContext ctx, Cookies cookies, JsonObject session) {
    cookies.setSession(ctx.response(), session.getString("refreshToken"), session.getLong("expiration"));
    Answers.json(ctx, 200, new JsonObject().put("token", session.getString("token")).put("user", session.getJsonObject("user")));
  }

  /** The account of a new session's answer (a login's {@code user} has {@code id}, as LibreChat's does). */
  static String userIdOf(JsonObject session) {
    return session.getJsonObject("user").getString("id");
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
