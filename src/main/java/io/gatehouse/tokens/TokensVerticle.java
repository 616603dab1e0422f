package io.gatehouse.tokens;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Services;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Offers {@link Sessions} on the event bus; one instance per event loop (the sweep is {@link SessionSweepVerticle}). */
public final class TokensVerticle extends VerticleBase {
  private final Sessions service;

  public TokensVerticle(Sessions service) {
    this.service = service;
  }

  @Override
  public Future<?> start() {
    return Services.serve(vertx, Sessions.class, Addresses.SESSIONS, service);
  }
}
