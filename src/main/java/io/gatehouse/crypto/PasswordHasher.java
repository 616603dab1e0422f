package io.gatehouse.crypto;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import io.gatehouse.ops.GatehouseMeters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * bcrypt at cost 10, as LibreChat's bcryptjs, on a bounded worker pool so hashing never blocks an
 * event loop and a login storm cannot take more threads than {@code PASSWORD_HASH_THREADS}.
 * Passwords over 72 bytes are truncated exactly as bcryptjs does, so its hashes verify here.
 */
public final class PasswordHasher {
  public static final int COST = 10;
  private static final String POOL = "gatehouse-password-hash";
  private static final BCrypt.Hasher HASHER = BCrypt.with(BCrypt.Version.VERSION_2B, new SecureRandom(),
    LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B));
  private static final BCrypt.Verifyer VERIFIER = BCrypt.verifyer(null,
    LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));
  /** Compared against when the account does not exist, so unknown emails cost the same time. */
  private static final String DUMMY_HASH = HASHER.hashToString(COST, "gatehouse-dummy-password".toCharArray());

  private final WorkerExecutor pool;
  private final GatehouseMeters meters;

  public PasswordHasher(Vertx vertx, int threads) {
    this(vertx, threads, GatehouseMeters.none());
  }

  public PasswordHasher(Vertx vertx, int threads, GatehouseMeters meters) {
    this.pool = vertx.createSharedWorkerExecutor(POOL, threads);
    this.meters = meters;
  }

  public Future<String> hash(String password) {
    return pool.executeBlocking(() -> meters.timeHash(() -> hashNow(password)), false);
  }

  /** Verifies against {@code hash}, or burns the same time against a dummy hash when there is none. */
  public Future<Boolean> verify(String password, String hash) {
    boolean real = hash != null && hash.startsWith("$2");
    String against = real ? hash : DUMMY_HASH;
    return pool.executeBlocking(() -> meters.timeVerify(() -> verifyNow(password, against)) && real, false);
  }

  /** For tools that run off the event loop (benchmarks, scripts). */
  public static String hashNow(String password) {
    return HASHER.hashToString(COST, password.toCharArray());
  }

  public static boolean verifyNow(String password, String hash) {
    try {
      return VERIFIER.verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
    } catch (IllegalArgumentException malformedHash) {
      return false;
    }
  }

  public void close() {
    pool.close();
  }
}
