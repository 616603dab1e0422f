package io.gatehouse.bench;

import io.gatehouse.crypto.PasswordHasher;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling for login throughput: raw bcrypt cost-10 verifications per second on all cores, with
 * the same library and settings the server uses. Usage: {@code BcryptRate [seconds]}.
 */
public final class BcryptRate {
  private BcryptRate() {
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int threads = Runtime.getRuntime().availableProcessors();
    String hash = PasswordHasher.hashNow("benchmark-password");
    for (int i = 0; i < 20; i++) {
      PasswordHasher.verifyNow("benchmark-password", hash);
    }
    AtomicLong done = new AtomicLong();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      pool.execute(() -> {
        while (System.nanoTime() < deadline) {
          PasswordHasher.verifyNow("benchmark-password", hash);
          done.incrementAndGet();
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(seconds + 30L, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf("bcrypt cost 10 verify: %.1f/s on %d threads (%d in %.1f s)%n", done.get() / elapsed, threads,
      done.get(), elapsed);
  }
}
