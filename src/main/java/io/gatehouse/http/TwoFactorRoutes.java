package io.gatehouse.http;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.http.FailureAnswers.Route;
import io.gatehouse.revocation.RevocationList;
import io.gatehouse.tokens.Tokens;
import io.gatehouse.twofactor.TwoFactor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/auth/2fa/*} with LibreChat's statuses and messages (reference §1.6, §6), including its empty
 * JSON successes, and the second login step, which opens a session as a login does.
 */
final class TwoFactorRoutes {
  static final String INVALID_TEMP_TOKEN = "Invalid or expired temporary token";
  private static final int MAX_CODE_LENGTH = 64;
  private static final String TEMP_TOKEN = "gatehouse.tempToken";

  /** A code the client offered: a TOTP code, a backup code, either may be null. */
  private record Factor(String token, String backupCode) {
  }

  /** One bearer route's call: its answer body, or null for LibreChat's empty JSON success. */
  private interface Call {
    Future<JsonObject> apply(String userId, Factor factor);
  }

  private final GatehouseConfig config;
  private final TwoFactor twoFactor;
  private final Tokens tokens;
  private final RevocationList revocations;
  private final Cookies cookies;

  TwoFactorRoutes(GatehouseConfig config, TwoFactor twoFactor, Tokens tokens, RevocationList revocations,
                  Cookies cookies) {
    this.config = config;
    this.twoFactor = twoFactor;
    this.tokens = tokens;
    this.revocations = revocations;
    this.cookies = cookies;
  }

  void mount(Router router, Guards guards, BearerAuth bearer) {
    mount(router, guards, bearer, "/api/auth/2fa/enable", Route.TWO_FACTOR_ENABLE,
      (userId, f) -> twoFactor.enable(userId, f.token(), f.backupCode()).map(enrollment -> enrollment.toJson()));
    mount(router, guards, bearer, "/api/auth/2fa/verify", Route.TWO_FACTOR_VERIFY,
      (userId, f) -> twoFactor.verify(userId, f.token(), f.backupCode()).map((JsonObject) null));
    mount(router, guards, bearer, "/api/auth/2fa/confirm", Route.TWO_FACTOR_CONFIRM,
      (userId, f) -> twoFactor.confirm(userId, f.token()).map((JsonObject) null));
    mount(router, guards, bearer, "/api/auth/2fa/disable", Route.TWO_FACTOR_DISABLE,
      (userId, f) -> twoFactor.disable(userId, f.token(), f.backupCode()).map((JsonObject) null));
    mount(router, guards, bearer, "/api/auth/2fa/backup/regenerate", Route.TWO_FACTOR_REGENERATE,
      (userId, f) -> twoFactor.regenerate(userId, f.token(), f.backupCode()).map(codes -> codes.toJson()));
    guards.apply(RequestBody.parse(router.post("/api/auth/2fa/verify-temp")).handler(this::tempUser),
      Guards.Point.TWO_FACTOR_LOGIN).handler(this::verifyTemp);
  }

  private void mount(Router router, Guards guards, BearerAuth bearer, String path, Route route, Call call) {
    var chain = guards.authenticated(RequestBody.parse(router.post(path)), bearer).handler(TwoFactorRoutes::bearerUser);
    guards.apply(chain, Guards.Point.TWO_FACTOR_CODE).handler(ctx -> {
      Factor factor = factor(ctx);
      if (factor == null) {
        return;
      }
      call.apply(BearerAuth.userId(ctx), factor)
        .onSuccess(body -> {
          if (body == null) {
            Answers.emptyJson(ctx);
          } else {
            Answers.json(ctx, 200, body);
          }
        })
        .onFailure(error -> FailureAnswers.send(ctx, route, error));
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
        Answers.message(ctx, 401, INVALID_TEMP_TOKEN);
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
      Answers.message(ctx, 401, INVALID_TEMP_TOKEN);
      return;
    }
    Factor factor = factor(ctx);
    if (factor == null) {
      return;
    }
    twoFactor.login(temp.userId(), temp.jti(), temp.expiresAtMs(), factor.token(), factor.backupCode(),
        ClientIp.of(ctx.request(), config.trustProxyHops()))
      .onSuccess(session -> {
        cookies.setDevice(ctx.response(), temp.userId());
        AuthRoutes.startSession(ctx, cookies, session);
      })
      .onFailure(error -> FailureAnswers.send(ctx, Route.TWO_FACTOR_LOGIN, error));
  }

  /** The {@code token} and {@code backupCode} of the body, or null after answering 400 for a value that is no code. */
  private static Factor factor(RoutingContext ctx) {
    JsonObject body = RequestBody.of(ctx);
    String[] codes = new String[2];
    String[] fields = {"token", "backupCode"};
    for (int i = 0; i < fields.length; i++) {
      Object value = body.getValue(fields[i]);
      if (value == null) {
        continue;
      }
      if (!(value instanceof String code) || code.length() > MAX_CODE_LENGTH) {
        Answers.message(ctx, 400, fields[i] + ": Expected a code of at most " + MAX_CODE_LENGTH + " characters");
        return null;
      }
      codes[i] = code;
    }
    return new Factor(codes[0], codes[1]);
  }
}
