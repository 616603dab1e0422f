package io.gatehouse.http;

import io.gatehouse.bus.Failure;
import io.gatehouse.bus.Refused;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one table from a refused service call to LibreChat's answer, per route. A failure a route does not
 * list gets the common answer: 503 while a store is out or a service is too busy to answer in time,
 * otherwise 500 with the route's own text. ({@code /oauth/*} answers every failure with its
 * {@code auth_failed} redirect, in {@link OAuthRoutes}.)
 */
final class FailureAnswers {
  private static final Logger LOG = LoggerFactory.getLogger(FailureAnswers.class);
  private static final String INVALID_CODE = "Invalid token or backup code";

  /** The routes that call a service, each with the text of its generic 500. */
  enum Route {
    REGISTER("Something went wrong"),
    LOGIN("Something went wrong"),
    REFRESH("Something went wrong"),
    /** A refresh with {@code ?retry=true}. */
    REFRESH_RETRY("Something went wrong"),
    LOGOUT("Failed to delete session."),
    CURRENT_USER("Something went wrong."),
    VERIFY_EMAIL("Something went wrong."),
    RESEND_VERIFICATION("Something went wrong."),
    REQUEST_RESET("Something went wrong"),
    RESET_PASSWORD("Something went wrong"),
    TWO_FACTOR_ENABLE("Something went wrong"),
    TWO_FACTOR_VERIFY("Something went wrong"),
    TWO_FACTOR_CONFIRM("Something went wrong"),
    TWO_FACTOR_DISABLE("Something went wrong"),
    TWO_FACTOR_REGENERATE("Something went wrong"),
    TWO_FACTOR_LOGIN("Something went wrong");

    private final String fallback;

    Route(String fallback) {
      this.fallback = fallback;
    }
  }

  /** How one route answers one failure. */
  private interface Answer {
    void send(RoutingContext ctx, Refused refused);
  }

  private static final Map<Route, Map<Failure, Answer>> TABLE = new EnumMap<>(Route.class);

  static {
    on(Route.REGISTER, Failure.INVALID_INPUT, (ctx, refused) -> Answers.message(ctx, 404, refused.getMessage()));
    on(Route.LOGIN, Failure.BAD_CREDENTIALS, message(404, AuthRoutes.BAD_CREDENTIALS));
    on(Route.LOGIN, Failure.EMAIL_NOT_VERIFIED, message(422, "Email not verified."));
    for (Route refresh : new Route[] {Route.REFRESH, Route.REFRESH_RETRY}) {
      on(refresh, Failure.INVALID_REFRESH_TOKEN, text(403, "Invalid refresh token"));
      on(refresh, Failure.USER_GONE, (ctx, refused) -> Answers.redirect(ctx, "/login"));
    }
    on(Route.REFRESH, Failure.SESSION_NOT_FOUND, text(401, "Refresh token expired or not found for this user"));
    on(Route.REFRESH_RETRY, Failure.SESSION_NOT_FOUND, text(403, "No session found"));
    on(Route.CURRENT_USER, Failure.NOT_FOUND, message(401, "Unauthorized"));
    on(Route.VERIFY_EMAIL, Failure.INVALID_TOKEN, message(400, RecoveryRoutes.INVALID_VERIFICATION));
    // LibreChat's answer to a bad or expired reset link: 400 with an empty object (its Error serialises so)
    on(Route.RESET_PASSWORD, Failure.INVALID_TOKEN, (ctx, refused) -> Answers.json(ctx, 400, new JsonObject()));
    codes(Route.TWO_FACTOR_ENABLE, "TOTP token or backup code is required to re-enroll 2FA", 401, INVALID_CODE);
    codes(Route.TWO_FACTOR_VERIFY, null, 400, "Invalid token or backup code.");
    codes(Route.TWO_FACTOR_CONFIRM, null, 400, "Invalid token.");
    codes(Route.TWO_FACTOR_DISABLE, "Either token or backup code is required to disable 2FA", 401, INVALID_CODE);
    codes(Route.TWO_FACTOR_REGENERATE, "TOTP token or backup code is required to regenerate backup codes", 401,
      INVALID_CODE);
    on(Route.TWO_FACTOR_LOGIN, Failure.WRONG_CODE, message(401, "Invalid 2FA code or backup code"));
    on(Route.TWO_FACTOR_LOGIN, Failure.INVALID_TOKEN, message(401, TwoFactorRoutes.INVALID_TEMP_TOKEN));
    on(Route.TWO_FACTOR_LOGIN, Failure.INVALID_INPUT, FailureAnswers::clientMessage);
  }

  private FailureAnswers() {
  }

  /** Answers the failure of {@code route}'s service call. */
  static void send(RoutingContext ctx, Route route, Throwable error) {
    Refused refused = Refused.of(error);
    Answer answer = TABLE.getOrDefault(route, Map.of()).get(refused.failure());
    if (answer != null) {
      answer.send(ctx, refused);
      return;
    }
    switch (refused.failure()) {
      case STORE_UNAVAILABLE -> Answers.message(ctx, 503, "Service temporarily unavailable");
      case BUSY -> {
        LOG.warn("{}: no answer from the service in time (busy), answered 503", route);
        Answers.message(ctx, 503, "Service temporarily unavailable");
      }
      case INVALID_INPUT -> Answers.message(ctx, 400, route.fallback);
      default -> Answers.message(ctx, 500, route.fallback);
    }
  }

  /** The bearer 2FA routes: a missing code, a wrong one, a message for the client, an unknown user. */
  private static void codes(Route route, String codeRequired, int wrongStatus, String wrong) {
    if (codeRequired != null) {
      on(route, Failure.CODE_REQUIRED, message(400, codeRequired));
    }
    on(route, Failure.WRONG_CODE, message(wrongStatus, wrong));
    on(route, Failure.INVALID_INPUT, FailureAnswers::clientMessage);
    on(route, Failure.NOT_FOUND, message(404, "User not found"));
  }

  private static void on(Route route, Failure failure, Answer answer) {
    TABLE.computeIfAbsent(route, r -> new EnumMap<>(Failure.class)).put(failure, answer);
  }

  private static Answer message(int status, String message) {
    return (ctx, refused) -> Answers.message(ctx, status, message);
  }

  private static Answer text(int status, String text) {
    return (ctx, refused) -> Answers.text(ctx, status, text);
  }

  /** A validation refusal whose message is written for the client. */
  private static void clientMessage(RoutingContext ctx, Refused refused) {
    Answers.message(ctx, 400, refused.getMessage());
  }
}
