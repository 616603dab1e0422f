package io.gatehouse.http;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Failure;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.revocation.RevocationList;
import io.gatehouse.tokens.Tokens;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/auth/2fa/*} with LibreChat's statuses and messages (reference §1.6, §6), including its empty
 * JSON successes, and the second login step, which opens a session as a login does.
 */
final class TwoFactorRoutes {
  private static final DeliveryOptions BUS = Addresses.local(30_000);
  private static final int MAX_CODE_LENGTH = 64;
  private static final String INVALID_CODE = "Invalid token or backup code";
  private static final String TEMP_TOKEN = "gatehouse.tempToken";

  /** How one route answers: its success body, and what it says when a code is missing or wrong. */
  private record Answering(String address, boolean emptySuccess, String codeRequired, int wrongStatus, String wrong) {
  }

  private static final Answering ENABLE = new Answering(Addresses.TWO_FACTOR_ENABLE, false,
    "TOTP token or backup code is required to re-enroll 2FA", 401, INVALID_CODE);
  private static final Answering VERIFY = new Answering(Addresses.TWO_FACTOR_VERIFY, true, null, 400,
    "Invalid token or backup code.");
  private static final Answering CONFIRM = new Answering(Addresses.TWO_FACTOR_CONFIRM, true, null, 400, "Invalid token.");
  private static final Answering DISABLE = new Answering(Addresses.TWO_FACTOR_DISABLE, true,
    "Either token or backup code is required to disable 2FA", 401, INVALID_CODE);
  private static final Answering REGENERATE = new Answering(Addresses.TWO_FACTOR_REGENERATE, false,
    "TOTP token or backup code is required to regenerate backup codes", 401, INVALID_CODE);

  private final GatehouseConfig config;
  private final EventBus bus;
  private final Tokens tokens;
  private final RevocationList revocations;
  private final Cookies cookies;

  TwoFactorRoutes(GatehouseConfig config, EventBus bus, Tokens tokens, RevocationList revocations, Cookies cookies) {
    this.config = config;
    this.bus = bus;
    this.tokens = tokens;
    this.revocations = revocations;
    this.cookies = cookies;
  }

  void mount(Router router, Guards guards, BearerAuth bearer) {
    mount(router, guards, bearer, "/api/auth/2fa/enable", ENABLE);
    mount(router, guards, bearer, "/api/auth/2fa/verify", VERIFY);
    mount(router, guards, bearer, "/api/auth/2fa/confirm", CONFIRM);
    mount(router, guards, bearer, "/api/auth/2fa/disable", DISABLE);
    mount(router, guards, bearer, "/api/auth/2fa/backup/regenerate", REGENERATE);
    guards.apply(RequestBody.parse(router.post("/api/auth/2fa/verify-temp")).handler(this::tempUser),
      Guards.Point.TWO_FACTOR_LOGIN).handler(this::verifyTemp);
  }

  private void mount(Router router, Guards guards, BearerAuth bearer, String path, Answering answering) {
    Route route = guards.authenticated(RequestBody.parse(router.post(path)), bearer).handler(TwoFactorRoutes::bearerUser);
    guards.apply(route, Guards.Point.TWO_FACTOR_CODE).handler(ctx -> {
      JsonObject request = factor(ctx);
      if (request == null) {
        return;
      }
      bus.<JsonObject>request(answering.address(), request.put("userId", BearerAuth.userId(ctx)), BUS)
        .onSuccess(reply -> {
          if (answering.emptySuccess()) {
            Answers.emptyJson(ctx);
          } else {
            Answers.json(ctx, 200, reply.body());
          }
        })
        .onFailure(error -> refused(ctx, error, answering));
    });
  }

  /** The access token names the account whose code guesses are counted. */
  private static void bearerUser(RoutingContext ctx) {
    Guards.actFor(ctx, BearerAuth.userId(ctx));
    ctx.next();
  }

  /** The temp token names the account; LibreChat's answers when it is missing or not valid. */
  private void tempUser(RoutingContext ctx) {
    Object tempToken = RequestBody.of(ctx).getValue("tempToken");
    if (!(tempToken instanceof String token) || token.isEmpty()) {
      Answers.message(ctx, 400, "Missing temporary token");
      return;
    }
    tokens.verifyTwoFactorTemp(token).onComplete(result -> {
      if (result.failed()) {
        invalidTempToken(ctx);
        return;
      }
      ctx.put(TEMP_TOKEN, result.result());
      Guards.actFor(ctx, result.result().userId());
      ctx.next();
    });
  }

  /**
   * After the guards (a banned account hears of its ban): a temp token issued before its account was
   * banned, deleted or had its password reset (the revocation list) opens nothing.
   */
  private void verifyTemp(RoutingContext ctx) {
    Tokens.TempToken temp = ctx.get(TEMP_TOKEN);
    if (revocations.isRevoked(temp.userId(), temp.issuedAtMs())) {
      invalidTempToken(ctx);
      return;
    }
    JsonObject request = factor(ctx);
    if (request == null) {
      return;
    }
    request.put("userId", temp.userId()).put("jti", temp.jti()).put("expiresAt", temp.expiresAtMs())
      .put("ip", ClientIp.of(ctx.request(), config.trustProxyHops()));
    bus.<JsonObject>request(Addresses.TWO_FACTOR_LOGIN, request, BUS)
      .onSuccess(reply -> {
        cookies.setDevice(ctx.response(), temp.userId());
        AuthRoutes.startSession(ctx, cookies, reply.body());
      })
      .onFailure(error -> {
        Failure failure = Failure.of(error);
        switch (failure) {
          case WRONG_CODE -> Answers.message(ctx, 401, "Invalid 2FA code or backup code");
          case INVALID_TOKEN -> invalidTempToken(ctx);
          case INVALID_INPUT -> Answers.message(ctx, 400, error.getMessage());
          default -> Answers.failure(ctx, failure, "Something went wrong");
        }
      });
  }

  private static void invalidTempToken(RoutingContext ctx) {
    Answers.message(ctx, 401, "Invalid or expired temporary token");
  }

  /** {@code {token?, backupCode?}} from the body, or null after answering 400 for a value that is no code. */
  private static JsonObject factor(RoutingContext ctx) {
    JsonObject body = RequestBody.of(ctx);
    JsonObject factor = new JsonObject();
    for (String field : new String[] {"token", "backupCode"}) {
      Object value = body.getValue(field);
      if (value == null) {
        continue;
      }
      if (!(value instanceof String code) || code.length() > MAX_CODE_LENGTH) {
        Answers.message(ctx, 400, field + ": Expected a code of at most " + MAX_CODE_LENGTH + " characters");
        return null;
      }
      factor.put(field, code);
    }
    return factor;
  }

  private static void refused(RoutingContext ctx, Throwable error, Answering answering) {
    Failure failure = Failure.of(error);
    switch (failure) {
      case CODE_REQUIRED -> Answers.message(ctx, 400, answering.codeRequired());
      case WRONG_CODE -> Answers.message(ctx, answering.wrongStatus(), answering.wrong());
      case INVALID_INPUT -> Answers.message(ctx, 400, error.getMessage());
      case NOT_FOUND -> Answers.message(ctx, 404, "User not found");
      default -> Answers.failure(ctx, failure, "Something went wrong");
    }
  }
}
