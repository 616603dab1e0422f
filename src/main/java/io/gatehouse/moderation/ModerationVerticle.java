package io.gatehouse.moderation;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Services;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Offers {@link Moderation} on the event bus; one instance per node. */
public final class ModerationVerticle extends VerticleBase {
  private final Moderation service;

  public ModerationVerticle(Moderation service) {
    this.service = service;
  }

  @Override
  public Future<?> start() {
    return Services.serve(vertx, Moderation.class, Addresses.MODERATION, service);
  }
}
