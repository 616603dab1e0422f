package io.gatehouse.tokens;

import io.gatehouse.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep of expired sessions: one instance per node, one run at a time (the next is scheduled when
 * the last has ended), and one node per interval in a cluster (a Redis lease). Each run deletes in
 * small batches, one store call each, so requests are served between them.
 */
public final class SessionSweepVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SessionSweepVerticle.class);
  static final String LEASE = "gatehouse:sweep:sessions";
  private static final int BATCH = 500;
  /** A run stops after this many batches; what is left waits for the next interval. */
  private static final int MAX_BATCHES = 100;

  private final SessionStore sessions;
  private final Redis redis;
  private final long everyMs;
  private final String node = UUID.randomUUID().toString();
  private long timer = -1;
  private boolean stopped;

  public SessionSweepVerticle(SessionStore sessions, Redis redis, long everyMs) {
    this.sessions = sessions;
    this.redis = redis;
    this.everyMs = everyMs;
  }

  @Override
  public Future<?> start() {
    schedule();
    return Future.succeededFuture();
  }

  private void schedule() {
    if (!stopped) {
      timer = vertx.setTimer(everyMs, id -> run().onComplete(done -> schedule()));
    }
  }

  /** One run, when this node holds the interval's lease; answers how many sessions it removed. */
  Future<Integer> run() {
    return redis.send(Request.cmd(Command.SET).arg(LEASE).arg(node).arg("NX").arg("PX").arg(Math.max(1_000, everyMs - 1_000)))
      .compose(lease -> lease == null ? Future.succeededFuture(0) : sweep(System.currentTimeMillis(), 0, 0))
      .onFailure(error -> LOG.warn("Expired-session sweep failed: {}", error.toString()));
  }

  private Future<Integer> sweep(long nowMs, int batches, int removed) {
    if (stopped || batches == MAX_BATCHES) {
      return Future.succeededFuture(removed);
    }
    return sessions.sweepExpired(nowMs, BATCH).compose(count -> count < BATCH
      ? Future.succeededFuture(removed + count)
      : sweep(nowMs, batches + 1, removed + count));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
