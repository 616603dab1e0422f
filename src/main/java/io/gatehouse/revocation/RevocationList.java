package io.gatehouse.revocation;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory list each node checks on every bearer request: per user, the moment before which their
 * access tokens no longer count (a password reset, a deletion, a ban). Kept current from Redis at
 * start and by revocation events; entries older than an access token's lifetime are dropped.
 */
public final class RevocationList {
  private final ConcurrentHashMap<String, Long> revokedBefore = new ConcurrentHashMap<>();
  private final long accessLifetimeMs;

  public RevocationList(long accessLifetimeMs) {
    this.accessLifetimeMs = accessLifetimeMs;
  }

  /** Records a revocation; the latest moment wins. */
  public void apply(String userId, long atMs) {
    if (userId != null) {
      revokedBefore.merge(userId, atMs, Math::max);
    }
  }

  /**
   * True when a token of the user issued at {@code issuedAtMs} predates their revocation (access and 2FA
   * temp tokens alike). A token without {@code iat_ms} (LibreChat's) is judged by its whole {@code iat}
   * second: iat × 1000 ≤ at is iat ≤ at / 1000.
   */
  public boolean isRevoked(String userId, long issuedAtMs) {
    Long at = revokedBefore.isEmpty() ? null : revokedBefore.get(userId);
    return at != null && issuedAtMs <= at;
  }

  /** True when nobody is revoked: the bearer check's common case, answered before reading any claim. */
  public boolean isEmpty() {
    return revokedBefore.isEmpty();
  }

  /** Forgets revocations no live access token can predate. */
  public void prune(long nowMs) {
    revokedBefore.values().removeIf(at -> at < nowMs - accessLifetimeMs);
  }

  public int size() {
    return revokedBefore.size();
  }
}
