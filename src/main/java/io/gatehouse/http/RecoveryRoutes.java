package io.gatehouse.http;

import io.gatehouse.accounts.Validation;
import io.gatehouse.bus.Failure;
import io.gatehouse.bus.Refused;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.http.FailureAnswers.Route;
import io.gatehouse.recovery.Recovery;
import io.gatehouse.store.Documents;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Email verification and password reset, answering as LibreChat does (reference §1.5, §1.8): generic
 * answers that tell nobody whether an account exists, and never a reset link in an answer.
 */
final class RecoveryRoutes {
  static final String RESET_REQUESTED = "If an account with that email exists, a password reset link has been sent to it.";
  static final String INVALID_VERIFICATION = "Invalid or expired email verification token";

  private final GatehouseConfig config;
  private final Recovery recovery;

  RecoveryRoutes(GatehouseConfig config, Recovery recovery) {
    this.config = config;
    this.recovery = recovery;
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
    recovery.verifyEmail(email, token)
      .onSuccess(verified -> Answers.json(ctx, 200, new JsonObject().put("message", "Email verification was successful")
        .put("status", "success")))
      .onFailure(error -> FailureAnswers.send(ctx, Route.VERIFY_EMAIL, error));
  }

  private void resend(RoutingContext ctx) {
    JsonObject body = RequestBody.of(ctx);
    var problem = Validation.emailField(body);
    if (problem.isPresent()) {
      Answers.message(ctx, 400, problem.get());
      return;
    }
    recovery.resendVerification(body.getString("email"), ClientIp.of(ctx.request(), config.trustProxyHops()))
      .onSuccess(sent -> Answers.message(ctx, 200, AuthRoutes.REGISTERED))
      .onFailure(error -> FailureAnswers.send(ctx, Route.RESEND_VERIFICATION, error));
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
    recovery.requestReset(body.getString("email"), ClientIp.of(ctx.request(), config.trustProxyHops()))
      .onSuccess(requested -> Answers.message(ctx, 200, RESET_REQUESTED))
      .onFailure(error -> FailureAnswers.send(ctx, Route.REQUEST_RESET, error));
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
      FailureAnswers.send(ctx, Route.RESET_PASSWORD, new Refused(Failure.INVALID_TOKEN, "malformed reset link"));
      return;
    }
    Object password = body.getValue("password");
    Object confirmation = body.getValue("confirm_password");
    var problem = Validation.newPassword(password, confirmation, config.minPasswordLength());
    if (problem.isPresent()) {
      Answers.message(ctx, 400, problem.get());
      return;
    }
    recovery.resetPassword(userId, token, (String) password, ClientIp.of(ctx.request(), config.trustProxyHops()))
      .onSuccess(reset -> Answers.message(ctx, 200, "Password reset was successful"))
      .onFailure(error -> FailureAnswers.send(ctx, Route.RESET_PASSWORD, error));
  }
}
