package io.gatehouse.moderation;

import static io.gatehouse.testing.InProcessStores.await;
import static io.gatehouse.testing.InProcessStores.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.Components;
import io.gatehouse.bus.Failure;
import io.gatehouse.bus.Refused;
import io.gatehouse.ops.GatehouseMeters;
import io.gatehouse.revocation.RevocationStore;
import io.gatehouse.store.SessionStore;
import io.gatehouse.testing.InProcessStores;
import io.gatehouse.testing.RedisPeek;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The moderation rules through the moderation verticle's typed service ({@link ModerationService} over
 * {@link Moderator}), on the real embedded stores and without a node: what is scored against whom, when
 * a score bans, and what a ban does. The storm suites (LoginStormTest, SoftBanTest, BanViolationsOffTest,
 * ...) keep what needs a node: which requests count as violations and what the client is answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The moderation service")
class ModeratorTest {
  private static final long INTERVAL = 10;
  private static final long LOGIN_SCORE = 3;
  private static final long NON_BROWSER_SCORE = 4;
  private static final long HOUR = 3_600_000;
  /** Scores and bans on, small numbers; BAN_DURATION stays LibreChat's default of two hours. */
  private static final Map<String, String> VARIABLES = Map.of("BAN_VIOLATIONS", "true",
    "BAN_INTERVAL", String.valueOf(INTERVAL), "LOGIN_VIOLATION_SCORE", String.valueOf(LOGIN_SCORE),
    "NON_BROWSER_VIOLATION_SCORE", String.valueOf(NON_BROWSER_SCORE));
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private InProcessStores stores;
  private RedisPeek redis;
  private Components components;
  private Moderation moderation;

  @BeforeAll
  void start(@TempDir Path dir) {
    stores = InProcessStores.start(dir);
    redis = new RedisPeek(stores.vertx(), stores.redisUri());
    components = stores.components(VARIABLES);
    moderation = service(components);
  }

  @AfterAll
  void stop() {
    redis.close();
    stores.close();
  }

  /** No scores or bans left by another test. */
  @BeforeEach
  void clean() {
    stores.flushRedis();
  }

  /** The service as {@code Components.server} builds it. */
  private static Moderation service(Components from) {
    return new ModerationService(from.moderator, from.config.moderation(), GatehouseMeters.none());
  }

  private static String newIp() {
    return "10.7.0." + SEQUENCE.incrementAndGet();
  }

  private long score(String type, String subject) {
    return redis.counter(Violations.PREFIX + type + ":" + subject);
  }

  /** A live session of the user, as a login would have opened it. */
  private String openSession(String userId) {
    String sessionId = SessionStore.newId();
    await(components.sessions.create(sessionId, userId, "hash-of-" + sessionId, System.currentTimeMillis() + HOUR));
    return sessionId;
  }

  private boolean live(String sessionId, String userId) {
    return await(components.sessions.findLive(sessionId, userId, System.currentTimeMillis())) != null;
  }

  @Test
  @DisplayName("scores a violation without a user against the address alone, per type, accumulating")
  void addressOnly() {
    String ip = newIp();

    assertFalse(await(moderation.report("logins", null, ip, 1L)));
    assertFalse(await(moderation.report("logins", null, ip, 2L)));
    assertFalse(await(moderation.report("registrations", null, ip, 1L)));

    assertEquals(3, score("logins", BanCache.ip(ip)));
    assertEquals(1, score("registrations", BanCache.ip(ip)));
    assertEquals(List.of(), redis.keys(Violations.PREFIX + "*:user:*"), "no user is scored");
  }

  @Test
  @DisplayName("scores the user only when the report names one, and the address either way")
  void userOnlyWhenGiven() {
    String ip = newIp();
    String userId = SessionStore.newId();

    await(moderation.report("logins", userId, ip, 2L));
    await(moderation.report("logins", null, ip, 2L));

    assertEquals(2, score("logins", BanCache.user(userId)), "the anonymous report left the user alone");
    assertEquals(4, score("logins", BanCache.ip(ip)));
  }

  @Test
  @DisplayName("bans user and address when a score crosses BAN_INTERVAL: ban records, the ban cache, sessions deleted, tokens revoked")
  void crossingBans() {
    String ip = newIp();
    String userId = SessionStore.newId();
    String phone = openSession(userId);
    String laptop = openSession(userId);
    long duration = components.config.moderation().banDurationMs();

    assertFalse(await(moderation.report("logins", userId, ip, 4L)));
    assertFalse(await(moderation.report("logins", userId, ip, 4L)), "8 has not crossed " + INTERVAL);
    assertTrue(live(phone, userId), "no ban yet");
    long before = System.currentTimeMillis();
    assertTrue(await(moderation.report("logins", userId, ip, 4L)), "12 crossed " + INTERVAL);
    long after = System.currentTimeMillis();

    long now = System.currentTimeMillis();
    long userUntil = components.banCache.until(userId, null, now);
    long ipUntil = components.banCache.until(null, ip, now);
    assertTrue(userUntil >= before + duration && userUntil <= after + duration, "banned for BAN_DURATION: " + userUntil);
    assertTrue(ipUntil >= before + duration && ipUntil <= after + duration, "the address too: " + ipUntil);
    assertNotNull(redis.get(BanStore.PREFIX + BanCache.user(userId)), "every node reads the ban from Redis");
    assertNotNull(redis.get(BanStore.PREFIX + BanCache.ip(ip)));
    assertFalse(live(phone, userId), "the user's sessions are deleted");
    assertFalse(live(laptop, userId));
    assertNotNull(redis.get(RevocationStore.KEY_PREFIX + userId), "and the access tokens revoked");
  }

  @Test
  @DisplayName("bans nobody for a crossing score when BAN_VIOLATIONS is off, but still keeps the score")
  void banViolationsOff() {
    Components off = stores.components(Map.of("BAN_VIOLATIONS", "false", "BAN_INTERVAL", String.valueOf(INTERVAL)));
    String ip = newIp();
    String userId = SessionStore.newId();
    String session = openSession(userId);

    assertFalse(await(service(off).report("logins", userId, ip, INTERVAL + 1)));

    assertEquals(INTERVAL + 1, score("logins", BanCache.user(userId)));
    assertEquals(0, off.banCache.until(userId, ip, System.currentTimeMillis()));
    assertEquals(List.of(), redis.keys(BanStore.PREFIX + "*"));
    assertTrue(live(session, userId));
  }

  @Test
  @DisplayName("scores a report without a score at its type's configured score (1 for a type without one)")
  void defaultScores() {
    String ip = newIp();

    await(moderation.report("logins", null, ip, null));
    await(moderation.report("non_browser", null, ip, null));
    await(moderation.report("registrations", null, ip, null));
    await(moderation.report("some_new_type", null, ip, null));
    await(moderation.report("concurrent", null, ip, 2L));

    assertEquals(LOGIN_SCORE, score("logins", BanCache.ip(ip)), "LOGIN_VIOLATION_SCORE");
    assertEquals(NON_BROWSER_SCORE, score("non_browser", BanCache.ip(ip)), "NON_BROWSER_VIOLATION_SCORE");
    assertEquals(1, score("registrations", BanCache.ip(ip)), "REGISTRATION_VIOLATION_SCORE unset is 1");
    assertEquals(1, score("some_new_type", BanCache.ip(ip)));
    assertEquals(2, score("concurrent", BanCache.ip(ip)), "a given score is taken as it is");
  }

  @Test
  @DisplayName("refuses a report without a type as INVALID_INPUT and scores nothing")
  void blankType() {
    String ip = newIp();
    String userId = SessionStore.newId();

    for (String type : new String[] {null, "", "   "}) {
      Refused refused = failure(Refused.class, moderation.report(type, userId, ip, 5L));
      assertEquals(Failure.INVALID_INPUT, refused.failure(), "type '" + type + "'");
    }

    assertEquals(List.of(), redis.keys(Violations.PREFIX + "*"));
    assertEquals(List.of(), redis.list(Violations.LOG), "nothing logged either");
  }
}
