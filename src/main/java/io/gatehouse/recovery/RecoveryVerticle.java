package io.gatehouse.recovery;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Email verification and password reset over the event bus, and the sweep of expired one-time tokens. */
public final class RecoveryVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryVerticle.class);
  private static final long SWEEP_EVERY_MS = 60_000;

  private final EmailVerification verification;
  private final PasswordResets resets;
  private final OneTimeTokens tokens;
  private long sweepTimer = -1;

  RecoveryVerticle(EmailVerification verification, PasswordResets resets, OneTimeTokens tokens) {
    this.verification = verification;
    this.resets = resets;
    this.tokens = tokens;
  }

  @Override
  public Future<?> start() {
    sweepTimer = vertx.setPeriodic(SWEEP_EVERY_MS, id -> Future.join(tokens.sweep(EmailVerification.TYPE),
        tokens.sweep(PasswordResets.TYPE))
      .onFailure(error -> LOG.warn("Expired one-time token sweep failed: {}", error.toString())));
    var bus = vertx.eventBus();
    return Future.all(
      bus.<JsonObject>localConsumer(Addresses.RECOVERY_VERIFY_EMAIL, m -> Replies.reply(m,
        verification.verify(m.body().getValue("email"), m.body().getValue("token")), "Email verification", LOG))
        .completion(),
      bus.<JsonObject>localConsumer(Addresses.RECOVERY_RESEND_VERIFICATION, m -> Replies.reply(m,
        verification.resend(m.body().getString("email"), m.body().getString("ip")), "Verification resend", LOG)).completion(),
      bus.<JsonObject>localConsumer(Addresses.RECOVERY_REQUEST_RESET, m -> Replies.reply(m,
        resets.request(m.body().getString("email"), m.body().getString("ip")), "Password reset request", LOG))
        .completion(),
      bus.<JsonObject>localConsumer(Addresses.RECOVERY_RESET_PASSWORD, m -> Replies.reply(m,
        resets.reset(m.body().getString("userId"), m.body().getValue("token"), m.body().getString("password"),
          m.body().getString("ip")), "Password reset", LOG)).completion());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    return Future.succeededFuture();
  }
}
