package io.gatehouse.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded polling for what happens asynchronously (an event reaching another node, a ban expiring):
 * probes every 100 ms until the answer is the awaited one or the deadline passes. Never a fixed sleep.
 */
public final class Eventually {
  private static final long INTERVAL_MS = 100;

  private Eventually() {
  }

  /** Probes until {@code done} holds and returns that answer; fails with the last answer at the deadline. */
  public static <T> T until(Duration deadline, String awaited, Supplier<T> probe, Predicate<T> done) {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      T answer = probe.get();
      if (done.test(answer)) {
        return answer;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + deadline.toMillis() + " ms: " + awaited + "; last answer: " + answer);
      }
      try {
        Thread.sleep(INTERVAL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + awaited, e);
      }
    }
  }
}
