package io.gatehouse.tokens;

import io.gatehouse.store.SessionStore;
import io.gatehouse.store.SweepChoice;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep of expired sessions: one instance per node, one run at a time (the next is scheduled when
 * the last has ended), and one node per interval in a cluster (a Redis lease). A run finds the expired
 * sessions' ids through the index on {@code expiration}, a chunk at a time, and deletes them by id in
 * small batches, so requests are served between them. On a
 * real MongoDB whose TTL index on {@code expiration} removes expired sessions, it does not run at all
 * ({@link SweepChoice}, read once at start).
 */
public final class SessionSweepVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SessionSweepVerticle.class);
  static final String LEASE = "gatehouse:sweep:sessions";
  /**
   * Ids per delete: each store call holds the embedded store's collection lock for a few milliseconds
   * (about 0.2 ms per session with its three index entries), so requests are served between them.
   */
  static final int BATCH = 25;
  /**
   * A pause after each delete, so a run of deletes takes a fraction of one core rather than all of it:
   * a backlog of expired sessions (10,000 a run) otherwise steals seconds of CPU from password hashing
   * in one go and shows in the logins' p99. A full run then takes about 13 s of the minute.
   */
  static final long PAUSE_MS = 20;
  /** Ids per query (through the index on {@code expiration}); only these are held in memory at once. */
  static final int CHUNK = 1_000;
  /** At most this many per run (600,000 an hour); what is left waits for the next interval. */
  static final int MAX_PER_RUN = 10_000;

  private final SessionStore sessions;
  private final Redis redis;
  private final long everyMs;
  private final String node = UUID.randomUUID().toString();
  private long timer = -1;
  private boolean stopped;
  private Future<SweepChoice> chosen;

  public SessionSweepVerticle(SessionStore sessions, Redis redis, long everyMs) {
    this.sessions = sessions;
    this.redis = redis;
    this.everyMs = everyMs;
  }

  @Override
  public Future<?> start() {
    // not waited for: a slow store holds up no deployment, and no run is due before the first interval
    chosen = sessions.sweepChoice().onSuccess(choice -> {
      LOG.info(choice.describe("Expired sessions", everyMs));
      if (choice.sweep()) {
        schedule();
      }
    });
    return Future.succeededFuture();
  }

  /** Whether this verticle sweeps, once it has read the index list. */
  Future<SweepChoice> chosen() {
    return chosen;
  }

  private void schedule() {
    if (!stopped) {
      timer = vertx.setTimer(everyMs, id -> run().onComplete(done -> schedule()));
    }
  }

  /** One run, when this node holds the interval's lease; answers how many sessions it removed. */
  Future<Integer> run() {
    return redis.send(Request.cmd(Command.SET).arg(LEASE).arg(node).arg("NX").arg("PX").arg(Math.max(1_000, everyMs - 1_000)))
      .compose(lease -> lease == null ? Future.succeededFuture(0) : sweep(System.currentTimeMillis()))
      .onFailure(error -> LOG.warn("Expired-session sweep failed: {}", error.toString()));
  }

  private Future<Integer> sweep(long nowMs) {
    long began = System.nanoTime();
    return sweep(nowMs, 0, 0).onSuccess(removed -> {
      if (removed > 0) {
        LOG.info("Expired-session sweep removed {} sessions in {} ms", removed, (System.nanoTime() - began) / 1_000_000);
      }
    });
  }

  /** Chunk after chunk of expired ids until none is left or the run has seen {@link #MAX_PER_RUN}. */
  private Future<Integer> sweep(long nowMs, int seen, int removed) {
    if (stopped || seen >= MAX_PER_RUN) {
      return Future.succeededFuture(removed);
    }
    return sessions.expiredIds(nowMs, CHUNK).compose(ids -> delete(ids, 0, 0).compose(count ->
      ids.size() < CHUNK ? Future.succeededFuture(removed + count) : sweep(nowMs, seen + ids.size(), removed + count)));
  }

  private Future<Integer> delete(List<Object> ids, int from, int removed) {
    if (stopped || from >= ids.size()) {
      return Future.succeededFuture(removed);
    }
    List<Object> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
    return sessions.deleteIds(batch).compose(count -> vertx.timer(PAUSE_MS)
      .compose(paused -> delete(ids, from + batch.size(), removed + count)));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
