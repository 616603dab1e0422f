package io.gatehouse.twofactor;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Services;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Offers {@link TwoFactor} on the event bus; one instance per event loop, like the HTTP verticle that calls it. */
public final class TwoFactorVerticle extends VerticleBase {
  private final TwoFactor service;

  public TwoFactorVerticle(TwoFactor service) {
    this.service = service;
  }

  @Override
  public Future<?> start() {
    return Services.serve(vertx, TwoFactor.class, Addresses.TWO_FACTOR, service);
  }
}
