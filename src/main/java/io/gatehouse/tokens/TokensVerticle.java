package io.gatehouse.tokens;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Services;
import io.gatehouse.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Offers {@link Sessions} on the event bus, and sweeps expired sessions; one instance per event loop. */
public final class TokensVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TokensVerticle.class);
  private static final long SWEEP_EVERY_MS = 60_000;

  private final Sessions service;
  private final SessionStore sessions;
  private long sweepTimer = -1;

  public TokensVerticle(Sessions service, SessionStore sessions) {
    this.service = service;
    this.sessions = sessions;
  }

  @Override
  public Future<?> start() {
    sweepTimer = vertx.setPeriodic(SWEEP_EVERY_MS, id -> sessions.sweepExpired(System.currentTimeMillis())
      .onFailure(error -> LOG.warn("Expired-session sweep failed: {}", error.toString())));
    return Services.serve(vertx, Sessions.class, Addresses.SESSIONS, service);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    return Future.succeededFuture();
  }
}
