package io.gatehouse.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A steady stream of requests kept up against some nodes while something happens elsewhere (a node is
 * killed or stops): a few loops per node, each sending its next request when the last is answered,
 * until {@link #stop()} or {@link #LIMIT_MS} at the latest. Every answer that is not 200, and every
 * request that got no answer, is kept as a failure.
 */
public final class SteadyLoad {
  /** It stops by itself after this long, whatever happens to the test. */
  public static final long LIMIT_MS = 180_000;

  private final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LIMIT_MS);
  private final Map<Integer, AtomicLong> answered = new ConcurrentHashMap<>();
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private final List<Future<Void>> loops = new ArrayList<>();
  private volatile boolean stopped;

  private SteadyLoad() {
  }

  /** Starts {@code loops} loops against each node, each sending {@code request} again and again. */
  public static SteadyLoad start(List<Http> nodes, int loops, Function<Http, Http.Request> request) {
    SteadyLoad load = new SteadyLoad();
    for (Http node : nodes) {
      load.answered.put(node.port(), new AtomicLong());
      for (int i = 0; i < loops; i++) {
        Promise<Void> done = Promise.promise();
        load.loops.add(done.future());
        load.next(node, request, done);
      }
    }
    return load;
  }

  private void next(Http node, Function<Http, Http.Request> request, Promise<Void> done) {
    if (stopped || System.nanoTime() > deadline) {
      done.tryComplete();
      return;
    }
    request.apply(node).sendAsync().onComplete(result -> {
      if (result.failed()) {
        failures.add("port " + node.port() + ": no answer: " + result.cause());
      } else if (result.result().statusCode() != 200) {
        failures.add("port " + node.port() + ": " + result.result().statusCode() + " " + result.result().bodyAsString());
      } else {
        answered.get(node.port()).incrementAndGet();
      }
      next(node, request, done);
    });
  }

  /** How many requests the node has answered with 200 so far. */
  public long answered(Http node) {
    return answered.get(node.port()).get();
  }

  /** Stops, waits for the requests in flight, and returns every failure. */
  public List<String> stop() {
    stopped = true;
    try {
      Future.join(loops).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      failures.add("the load did not wind down: " + e);
    }
    return List.copyOf(failures);
  }
}
