package io.gatehouse.http;

import io.gatehouse.accounts.Validation;
import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Failure;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.store.Documents;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Email verification and password reset, answering as LibreChat does (reference §1.5, §1.8): generic
 * answers that tell nobody whether an account exists, and never a reset link in an answer.
 */
final class RecoveryRoutes {
  static final String RESET_REQUESTED = "If an account with that email exists, a password reset link has been sent to it.";
  private static final String INVALID_VERIFICATION = "Invalid or expired email verification token";
  /** Long enough for bcrypt on a reset (no route here waits for a mail server). */
  private static final DeliveryOptions SLOW = Addresses.local(60_000);

  private final GatehouseConfig config;
  private final EventBus bus;

  RecoveryRoutes(GatehouseConfig config, EventBus bus) {
    this.config = config;
    this.bus = bus;
  }

  void mount(Router router, Guards guards) {
    // limited like the resend (LibreChat limits only that): each answer says something about an account
    guards.apply(RequestBody.parse(router.post("/api/user/verify")), Guards.Point.EMAIL_VERIFICATION).handler(this::verify);
    guards.apply(RequestBody.parse(router.post("/api/user/verify/resend")), Guards.Point.EMAIL_VERIFICATION)
      .handler(this::resend);
    guards.apply(RequestBody.parse(router.post("/api/auth/requestPasswordReset")), Guards.Point.PASSWORD_RESET_REQUEST)
      .handler(this::requestReset);
    guards.apply(RequestBody.parse(router.post("/api/auth/resetPassword")), Guards.Point.PASSWORD_RESET)
      .handler(this::reset);
  }

  private void verify(RoutingContext ctx) {
    JsonObject body = RequestBody.of(ctx);
    if (!(body.getValue("email") instanceof String email) || !(body.getValue("token") instanceof String token)) {
      Answers.message(ctx, 400, INVALID_VERIFICATION);
      return;
    }
    bus.<JsonObject>request(Addresses.RECOVERY_VERIFY_EMAIL, new JsonObject().put("email", email).put("token", token), SLOW)
      .onSuccess(reply -> Answers.json(ctx, 200, new JsonObject().put("message", "Email verification was successful")
        .put("status", "success")))
      .onFailure(error -> {
        Failure failure = Failure.of(error);
        if (failure == Failure.INVALID_TOKEN) {
          Answers.message(ctx, 400, INVALID_VERIFICATION);
        } else {
          Answers.failure(ctx, failure, "Something went wrong.");
        }
      });
  }

  private void resend(RoutingContext ctx) {
    JsonObject body = RequestBody.of(ctx);
    var problem = Validation.emailField(body);
    if (problem.isPresent()) {
      Answers.message(ctx, 400, problem.get());
      return;
    }
    bus.<JsonObject>request(Addresses.RECOVERY_RESEND_VERIFICATION, new JsonObject().put("email", body.getString("email"))
        .put("ip", ClientIp.of(ctx.request(), config.trustProxyHops())), SLOW)
      .onSuccess(reply -> Answers.message(ctx, 200, AuthRoutes.REGISTERED))
      .onFailure(error -> Answers.failure(ctx, Failure.of(error), "Something went wrong."));
  }

  private void requestReset(RoutingContext ctx) {
    if (!config.recovery().allowPasswordReset()) {
      Answers.text(ctx, 403, "Password reset is not allowed.");
      return;
    }
    JsonObject body = RequestBody.of(ctx);
    var problem = Validation.emailField(body);
    if (problem.isPresent()) {
      Answers.message(ctx, 400, problem.get());
      return;
    }
    JsonObject request = new JsonObject().put("email", body.getString("email"))
      .put("ip", ClientIp.of(ctx.request(), config.trustProxyHops()));
    bus.<JsonObject>request(Addresses.RECOVERY_REQUEST_RESET, request, SLOW)
      .onSuccess(reply -> Answers.message(ctx, 200, RESET_REQUESTED))
      .onFailure(error -> Answers.failure(ctx, Failure.of(error), "Something went wrong"));
  }

  private void reset(RoutingContext ctx) {
    if (!config.recovery().allowPasswordReset()) {
      Answers.text(ctx, 403, "Password reset is not allowed.");
      return;
    }
    JsonObject body = RequestBody.of(ctx);
    // the link names its account; only its token, checked below, proves anything about it
    if (!(body.getValue("userId") instanceof String userId) || !Documents.isObjectId(userId)
      || !(body.getValue("token") instanceof String token)) {
      invalidLink(ctx);
      return;
    }
    Object password = body.getValue("password");
    Object confirmation = body.getValue("confirm_password");
    var problem = Validation.newPassword(password, confirmation, config.minPasswordLength());
    if (problem.isPresent()) {
      Answers.message(ctx, 400, problem.get());
      return;
    }
    JsonObject request = new JsonObject().put("userId", userId).put("token", token).put("password", password)
      .put("ip", ClientIp.of(ctx.request(), config.trustProxyHops()));
    bus.<JsonObject>request(Addresses.RECOVERY_RESET_PASSWORD, request, SLOW)
      .onSuccess(reply -> Answers.message(ctx, 200, "Password reset was successful"))
      .onFailure(error -> {
        Failure failure = Failure.of(error);
        if (failure == Failure.INVALID_TOKEN) {
          invalidLink(ctx);
        } else {
          Answers.failure(ctx, failure, "Something went wrong");
        }
      });
  }

  /** LibreChat's answer to a bad or expired reset link: 400 with an empty object (its Error serialises so). */
  private static void invalidLink(RoutingContext ctx) {
    Answers.json(ctx, 400, new JsonObject());
  }
}
