package io.gatehouse.tokens;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Replies;
import io.gatehouse.devices.Device;
import io.gatehouse.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logins, refreshes and logouts over the event bus, and the sweep of expired sessions. */
public final class TokensVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TokensVerticle.class);
  private static final long SWEEP_EVERY_MS = 60_000;

  private final TokenService service;
  private final SessionStore sessions;
  private long sweepTimer = -1;

  public TokensVerticle(TokenService service, SessionStore sessions) {
    this.service = service;
    this.sessions = sessions;
  }

  @Override
  public Future<?> start() {
    sweepTimer = vertx.setPeriodic(SWEEP_EVERY_MS, id -> sessions.sweepExpired(System.currentTimeMillis())
      .onFailure(error -> LOG.warn("Expired-session sweep failed: {}", error.toString())));
    var bus = vertx.eventBus();
    return Future.all(
      bus.<JsonObject>localConsumer(Addresses.TOKENS_LOGIN, m -> reply(m, "login",
        service.login(m.body().getString("email"), m.body().getString("password"), m.body().getString("ip"),
          Device.of(m.body().getJsonObject("device"))))).completion(),
      bus.<JsonObject>localConsumer(Addresses.TOKENS_REFRESH, m -> reply(m, "refresh",
        service.refresh(m.body().getString("refreshToken"), m.body().getString("ip")))).completion(),
      bus.<JsonObject>localConsumer(Addresses.TOKENS_SESSION, m -> reply(m, "session",
        service.admitUser(m.body().getString("userId")))).completion(),
      bus.<JsonObject>localConsumer(Addresses.TOKENS_LOGOUT, m -> reply(m, "logout",
        service.logout(m.body().getString("userId"), m.body().getString("refreshToken"), m.body().getString("ip"))
          .map(new JsonObject()))).completion());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    return Future.succeededFuture();
  }

  private static void reply(Message<JsonObject> message, String operation, Future<JsonObject> result) {
    Replies.reply(message, result, "Tokens " + operation, LOG);
  }
}
