package io.gatehouse.moderation;

import io.gatehouse.config.ModerationConfig.Quota;
import io.gatehouse.crypto.Hashes;
import io.gatehouse.devices.Device;
import io.gatehouse.revocation.RevocationStore;
import io.gatehouse.store.UserStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-account throttle for unknown browsers (DESIGN §2 item 1, OWASP device cookies). Failed
 * password checks are counted per submitted email across every address ({@code LOGIN_ACCOUNT_MAX} per
 * {@code LOGIN_ACCOUNT_WINDOW}); past that, only a browser holding a device cookie of the account may
 * try, until the device itself has failed as often. It bans nobody and writes nothing to the account.
 * Counting by email, known or not, gives an unknown email the same answers as a real one. When Redis
 * does not answer, nobody is throttled (the per-address limiters still count on each node).
 */
public final class LoginThrottle {
  private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
  static final String ACCOUNT = "gatehouse:login-failures:account:";
  static final String DEVICE = "gatehouse:login-failures:device:";
  /** The account's failures and window, the device's failures, the moment the account's devices were revoked. */
  private static final String READ = """
    return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1]),
      tonumber(redis.call('GET', KEYS[2]) or '0'), redis.call('GET', KEYS[3])}
    """;
  private static final String FAILED = """
    for i, key in ipairs(KEYS) do
      if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
    end
    return 0
    """;

  /** The verdict on one login before its password is checked. */
  public record Verdict(boolean allowed, boolean deviceTrusted, String reason, long retryAfterMs) {
    static final Verdict OPEN = new Verdict(true, false, null, 0);

    public long retryAfterSeconds() {
      return Math.max(1, (retryAfterMs + 999) / 1000);
    }
  }

  private final Redis redis;
  private final Quota quota;
  private final AtomicBoolean degraded = new AtomicBoolean();

  public LoginThrottle(Redis redis, Quota quota) {
    this.redis = redis;
    this.quota = quota;
  }

  public Quota quota() {
    return quota;
  }

  /**
   * Whether a login naming {@code email} (whose account is {@code userId}, null when unknown) from a
   * browser presenting {@code device} (verified, or null) may go on to the password check.
   */
  public Future<Verdict> check(String email, String userId, Device device) {
    Device own = device != null && device.belongsTo(userId) ? device : null;
    Request read = Request.cmd(Command.EVAL).arg(READ).arg(3).arg(accountKey(email))
      .arg(DEVICE + (own == null ? "-" : own.nonce())).arg(RevocationStore.DEVICES_PREFIX + (userId == null ? "-" : userId));
    return redis.send(read).map(reply -> {
      recovered();
      long failures = reply.get(0).toLong();
      if (failures < quota.max()) {
        return Verdict.OPEN;
      }
      long retryAfter = Math.max(1, reply.get(1).toLong());
      if (own == null) {
        return new Verdict(false, false, "throttled_account", retryAfter);
      }
      Response revokedAt = reply.get(3);
      boolean revoked = revokedAt != null && own.issuedAtMs() <= revokedAt.toLong();
      if (revoked || reply.get(2).toLong() >= quota.max()) {
        return new Verdict(false, false, "device_distrusted", retryAfter);
      }
      return new Verdict(true, true, null, 0);
    }).otherwise(error -> {
      if (degraded.compareAndSet(false, true)) {
        LOG.warn("Redis unreachable ({}): the per-account login throttle is off until it returns", error.toString());
      }
      return Verdict.OPEN;
    });
  }

  /** Counts one failed password check against the email, and against the device when it is the account's own. */
  public Future<Void> failed(String email, String userId, Device device) {
    Request count = Request.cmd(Command.EVAL).arg(FAILED);
    boolean own = device != null && device.belongsTo(userId);
    count.arg(own ? 2 : 1).arg(accountKey(email));
    if (own) {
      count.arg(DEVICE + device.nonce());
    }
    return redis.send(count.arg(quota.windowMs())).<Void>mapEmpty().otherwise(error -> null);
  }

  private void recovered() {
    if (degraded.compareAndSet(true, false)) {
      LOG.info("Redis answers again: the per-account login throttle is on again");
    }
  }

  /** Keyed by a hash of the email as the store looks it up: no address in Redis, any case counts as one. */
  private static String accountKey(String email) {
    return ACCOUNT + Hashes.sha256Hex(UserStore.normalizeEmail(email));
  }
}
