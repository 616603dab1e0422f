package io.gatehouse.recovery;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Services;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Offers {@link Recovery} on the event bus, and sweeps expired one-time tokens; one instance per node. */
public final class RecoveryVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryVerticle.class);
  private static final long SWEEP_EVERY_MS = 60_000;

  private final RecoveryService service;
  private long sweepTimer = -1;

  public RecoveryVerticle(RecoveryService service) {
    this.service = service;
  }

  @Override
  public Future<?> start() {
    sweepTimer = vertx.setPeriodic(SWEEP_EVERY_MS, id -> service.sweepExpired()
      .onFailure(error -> LOG.warn("Expired one-time token sweep failed: {}", error.toString())));
    return Services.serve(vertx, Recovery.class, Addresses.RECOVERY, service);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    return Future.succeededFuture();
  }
}
