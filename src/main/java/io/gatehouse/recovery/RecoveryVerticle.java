package io.gatehouse.recovery;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Services;
import io.gatehouse.store.SweepChoice;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers {@link Recovery} on the event bus, and sweeps expired one-time tokens where no TTL index removes
 * them ({@link SweepChoice}); one instance per node.
 */
public final class RecoveryVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryVerticle.class);
  private static final long SWEEP_EVERY_MS = 60_000;

  private final RecoveryService service;
  private long sweepTimer = -1;
  private boolean stopped;

  public RecoveryVerticle(RecoveryService service) {
    this.service = service;
  }

  @Override
  public Future<?> start() {
    // not waited for: a slow store holds up no deployment, and no sweep is due before the first interval
    service.sweepChoice().onSuccess(choice -> {
      LOG.info(choice.describe("Expired one-time tokens", SWEEP_EVERY_MS));
      if (choice.sweep() && !stopped) {
        sweepTimer = vertx.setPeriodic(SWEEP_EVERY_MS, id -> service.sweepExpired()
          .onFailure(error -> LOG.warn("Expired one-time token sweep failed: {}", error.toString())));
      }
    });
    return Services.serve(vertx, Recovery.class, Addresses.RECOVERY, service);
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(sweepTimer);
    return Future.succeededFuture();
  }
}
