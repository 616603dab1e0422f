package io.gatehouse.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

/**
 * Gatehouse's own meters, on the registry of one node (never a global one: tests run several nodes in
 * a JVM). Prometheus names: {@code gatehouse_logins_total{outcome}}, {@code gatehouse_registrations_total{outcome}},
 * {@code gatehouse_refreshes_total{outcome}}, {@code gatehouse_violations_total{type}},
 * {@code gatehouse_oauth_logins_total{provider,outcome}}, {@code gatehouse_bans_active{subject}},
 * {@code gatehouse_user_cache_lookups_total{result}} and
 * {@code gatehouse_password_hash_seconds{operation}} (a histogram).
 */
public final class GatehouseMeters {
  public static final String LOGIN_SUCCESS = "success";
  public static final String LOGIN_TWO_FACTOR = "2fa_pending";
  public static final String BAD_CREDENTIALS = "bad_credentials";
  public static final String LIMITED = "limited";
  public static final String BANNED = "banned";
  public static final String CREATED = "created";
  public static final String EXISTING = "existing";
  public static final String ROTATED = "rotated";
  public static final String NOT_FOUND = "not_found";
  public static final String REUSE_DETECTED = "reuse_detected";
  public static final String INVALID = "invalid";
  public static final String USER_GONE = "user_gone";
  /** A login refused by the per-account throttle: no device cookie of the account. */
  public static final String THROTTLED_ACCOUNT = "throttled_account";
  /** A login refused by the per-account throttle: the device cookie failed too often itself, or was revoked. */
  public static final String DEVICE_DISTRUSTED = "device_distrusted";
  private static final String[] MAILS_SUPPRESSED = {"gatehouse.mails.suppressed",
    "Reset and verification mails not sent because one address had its quota", "kind"};

  private static final String[] LOGINS = {"gatehouse.logins", "Password logins by outcome", "outcome"};
  private static final String[] REGISTRATIONS = {"gatehouse.registrations", "Registrations by outcome", "outcome"};
  private static final String[] REFRESHES = {"gatehouse.refreshes", "Refresh-token presentations by outcome", "outcome"};
  private static final String OAUTH_LOGINS = "gatehouse.oauth.logins";
  private static final String[] VIOLATIONS = {"gatehouse.violations", "Violations scored, by type", "type"};

  private final MeterRegistry registry;
  private final Timer hash;
  private final Timer verify;

  public GatehouseMeters(MeterRegistry registry) {
    this.registry = registry;
    // known outcomes start at 0, so a rate() works from the first scrape
    List.of(LOGIN_SUCCESS, LOGIN_TWO_FACTOR, BAD_CREDENTIALS, LIMITED, BANNED, THROTTLED_ACCOUNT, DEVICE_DISTRUSTED)
      .forEach(o -> count(LOGINS, o, 0));
    List.of("password_reset", "email_verification").forEach(kind -> count(MAILS_SUPPRESSED, kind, 0));
    List.of(CREATED, EXISTING, LIMITED, BANNED).forEach(o -> count(REGISTRATIONS, o, 0));
    List.of(ROTATED, NOT_FOUND, REUSE_DETECTED, INVALID, USER_GONE).forEach(o -> count(REFRESHES, o, 0));
    this.hash = hashTimer("hash");
    this.verify = hashTimer("verify");
  }

  /** Meters that count into nothing: for the operator scripts, which export no metrics. */
  public static GatehouseMeters none() {
    return new GatehouseMeters(new CompositeMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  private void count(String[] meter, String value, double amount) {
    Counter.builder(meter[0]).description(meter[1]).tag(meter[2], value).register(registry).increment(amount);
  }

  /**
   * A login attempt ended: success, 2fa_pending, bad_credentials, limited, banned, throttled_account or
   * device_distrusted.
   */
  public void loggedIn(String outcome) {
    count(LOGINS, outcome, 1);
  }

  /**
   * A social login ended, by provider: success, created (a new user), refused (a rule said no),
   * failed (the flow broke) or banned.
   */
  public void oauthLogin(String provider, String outcome) {
    Counter.builder(OAUTH_LOGINS).description("Social logins by provider and outcome").tag("provider", provider)
      .tag("outcome", outcome).register(registry).increment();
  }

  /** A registration ended: created, existing (same answer as created, no enumeration), limited or banned. */
  public void registered(String outcome) {
    count(REGISTRATIONS, outcome, 1);
  }

  /** A refresh ended: rotated, not_found, reuse_detected (the session was revoked), invalid or user_gone. */
  public void refreshed(String outcome) {
    count(REFRESHES, outcome, 1);
  }

  /** A reset or verification mail was not sent: its address had all the mails of its window already. */
  public void mailSuppressed(String kind) {
    count(MAILS_SUPPRESSED, kind, 1);
  }

  /** A violation was scored (LibreChat's type: logins, registrations, message_limit, non_browser, ...). */
  public void violation(String type) {
    count(VIOLATIONS, type, 1);
  }

  /** Active bans of one subject kind (user or ip), read at each scrape. */
  public <T> void activeBans(String subject, T state, ToDoubleFunction<T> count) {
    Gauge.builder("gatehouse.bans.active", state, count).description("Bans in force on this node, by subject")
      .tag("subject", subject).strongReference(true).register(registry);
  }

  /** The user cache's lookups, {@code gatehouse_user_cache_lookups_total{result="hit"|"miss"}}: its hit rate. */
  public <T> void userCache(T cache, ToDoubleFunction<T> hits, ToDoubleFunction<T> misses) {
    // the registry holds its state weakly: the cache itself, which lives as long as the node
    FunctionCounter.builder("gatehouse.user.cache.lookups", cache, hits)
      .description("User cache lookups by result").tag("result", "hit").register(registry);
    FunctionCounter.builder("gatehouse.user.cache.lookups", cache, misses)
      .description("User cache lookups by result").tag("result", "miss").register(registry);
  }

  /** Times one bcrypt hash (the work itself, not the wait for a pool thread). */
  public <T> T timeHash(Callable<T> work) throws Exception {
    return hash.recordCallable(work);
  }

  /** Times one bcrypt verification, the dummy compare for unknown users included. */
  public <T> T timeVerify(Callable<T> work) throws Exception {
    return verify.recordCallable(work);
  }

  private Timer hashTimer(String operation) {
    return Timer.builder("gatehouse.password.hash").description("bcrypt time per operation")
      .tag("operation", operation).publishPercentileHistogram().register(registry);
  }
}
