package io.gatehouse.recovery;

import io.gatehouse.crypto.Hashes;
import io.gatehouse.store.SweepChoice;
import io.gatehouse.store.TokenStore;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The secrets in verification and reset links: 32 random bytes as 64 hex characters, stored only as their
 * SHA-256 (the raw value exists only in the mail), good once and for 15 minutes.
 */
public final class OneTimeTokens {
  static final long LIFETIME_MS = 15 * 60_000;
  private static final Pattern RAW = Pattern.compile("[0-9a-f]{64}");

  private final TokenStore store;
  private final SecureRandom random = new SecureRandom();

  public OneTimeTokens(TokenStore store) {
    this.store = store;
  }

  /** A new token of this type for the user, replacing any earlier one; answers the raw value for the link. */
  Future<String> issue(String userId, String type, String email) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String raw = HexFormat.of().formatHex(bytes);
    return store.replace(userId, type, email, Hashes.sha256Hex(raw), System.currentTimeMillis() + LIFETIME_MS).map(raw);
  }

  /** True once for a live token of the user; false for anything unknown, used, expired or malformed. */
  Future<Boolean> consume(String userId, String type, Object raw) {
    if (!(raw instanceof String token) || !RAW.matcher(token).matches()) {
      return Future.succeededFuture(false);
    }
    return store.consume(userId, type, Hashes.sha256Hex(token), System.currentTimeMillis());
  }

  Future<SweepChoice> sweepChoice() {
    return store.sweepChoice();
  }

  Future<Long> sweep(String type) {
    return store.sweepExpired(type, System.currentTimeMillis());
  }
}
