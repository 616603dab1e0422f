package io.gatehouse.tokens;

import static io.gatehouse.testing.InProcessStores.await;
import static io.gatehouse.testing.InProcessStores.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.Components;
import io.gatehouse.accounts.AccountCreator;
import io.gatehouse.accounts.UserCache;
import io.gatehouse.bus.Failure;
import io.gatehouse.bus.Refused;
import io.gatehouse.crypto.Hashes;
import io.gatehouse.moderation.BanCache;
import io.gatehouse.moderation.LoginThrottle;
import io.gatehouse.ops.GatehouseMeters;
import io.gatehouse.store.Collections;
import io.gatehouse.store.Documents;
import io.gatehouse.store.SessionStore;
import io.gatehouse.testing.InProcessStores;
import io.gatehouse.testing.Jwts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
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
 * The login and refresh rules of {@link TokenService}, called as the tokens verticle's typed service is,
 * on the real embedded stores and without a node: each rule costs a store round trip or a bcrypt check
 * here instead of a node and an HTTP exchange, so a change to a rule can be tested case by case. The
 * HTTP suites (RefreshReuseTest, RefreshRaceTest, LoginRouteTest) keep what only a node shows: status
 * codes, cookies and concurrency.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The tokens service")
class TokenServiceTest {
  private static final String PASSWORD = "correct horse battery";
  private static final String IP = "10.9.0.1";
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private InProcessStores stores;
  private Components components;
  /** The node's tokens: the service signs with them, the tests read what it issued with them. */
  private Tokens tokens;
  /** A fresh service per test: its meters count that test's outcomes only, its user cache starts empty. */
  private TokenService service;
  private GatehouseMeters meters;

  @BeforeAll
  void start(@TempDir Path dir) {
    stores = InProcessStores.start(dir);
    components = stores.components(Map.of());
    tokens = new Tokens(stores.vertx(), InProcessStores.secrets(components.config), components.config.sessionExpiryMs());
    // the first signature loads the JWT and JSON classes: here, not on the event loop of the first login
    tokens.refreshToken(SessionStore.newId(), SessionStore.newId(), System.currentTimeMillis() + 60_000,
      System.currentTimeMillis());
  }

  @AfterAll
  void stop() {
    stores.close();
  }

  @BeforeEach
  void newService() {
    meters = new GatehouseMeters(new SimpleMeterRegistry());
    service = service(components, meters);
  }

  /** The service as {@code Components.server} builds it. */
  private TokenService service(Components from, GatehouseMeters counting) {
    return new TokenService(from.users, from.sessions, from.hasher, tokens, new UserCache(1_000, 60_000),
      from.config.refreshTokenExpiryMs(), from.config.refreshReuseGraceMs(), from.config.allowUnverifiedEmailLogin(),
      counting, new LoginThrottle(stores.redis(), from.config.moderation().loginAccount()), from.banCache);
  }

  private static String newEmail() {
    return "tokens-" + SEQUENCE.incrementAndGet() + "@example.com";
  }

  /** A local account with {@link #PASSWORD}, hashed by the real PasswordHasher; answers its id. */
  private String account(String email, boolean emailVerified) {
    JsonObject user = await(components.accounts.create(new AccountCreator.NewAccount("Token Tester", null, email,
      PASSWORD, "local", emailVerified, AccountCreator.ROLE_USER))).orElseThrow();
    return Documents.id(user.getValue("_id"));
  }

  /** A verified account's first session. */
  private Session newSession() {
    String email = newEmail();
    account(email, true);
    return login(email);
  }

  private Session login(String email) {
    Admission admission = await(service.login(email, PASSWORD, IP, null));
    assertEquals(Admission.Outcome.SESSION, admission.outcome());
    return admission.session();
  }

  /** The stored session, live or not; null once deleted. */
  private JsonObject storedSession(String refreshToken) {
    String sessionId = await(tokens.verifyRefresh(refreshToken)).getString("sessionId");
    return await(stores.mongo().findOne(Collections.SESSIONS, new JsonObject().put("_id", sessionId), null));
  }

  private double refreshes(String outcome) {
    return meters.registry().get("gatehouse.refreshes").tag("outcome", outcome).counter().count();
  }

  /** Why the service refused: the call must fail with a {@link Refused}. */
  private static Failure refusal(Future<?> call) {
    return failure(Refused.class, call).failure();
  }

  @Test
  @DisplayName("rotates a session's refresh token: a new token, the same absolute expiry, the store holding the new hash")
  void rotation() {
    Session first = newSession();

    Session second = await(service.refresh(first.refreshToken(), IP));

    assertNotEquals(first.refreshToken(), second.refreshToken());
    assertEquals(first.expiration(), second.expiration(), "the session's expiry is fixed at login");
    assertEquals(first.userId(), second.userId());
    assertNotNull(await(tokens.verifyAccess(second.token())), "a valid access token comes with it");
    assertEquals(Hashes.sha256Hex(second.refreshToken()), storedSession(second.refreshToken()).getString("refreshTokenHash"));
    assertEquals(1, refreshes(GatehouseMeters.ROTATED));
  }

  @Test
  @DisplayName("refuses the superseded token inside REFRESH_REUSE_GRACE with SESSION_NOT_FOUND, and the session lives on")
  void replayInsideGrace() {
    Session first = newSession();
    Session second = await(service.refresh(first.refreshToken(), IP));

    assertEquals(Failure.SESSION_NOT_FOUND, refusal(service.refresh(first.refreshToken(), IP)));
    assertEquals(0, refreshes(GatehouseMeters.REUSE_DETECTED), "a racing tab, not a theft");
    assertEquals(Hashes.sha256Hex(second.refreshToken()), storedSession(second.refreshToken()).getString("refreshTokenHash"),
      "the session still holds the newest token");
    assertNotNull(await(service.refresh(second.refreshToken(), IP)), "and the newest token still rotates");
  }

  @Test
  @DisplayName("treats the superseded token after REFRESH_REUSE_GRACE as stolen: SESSION_NOT_FOUND and the session is deleted")
  void replayAfterGrace() {
    Session first = newSession();
    Session second = await(service.refresh(first.refreshToken(), IP));
    // the rotation happened longer ago than the grace: what the store holds once that much time has passed
    long longAgo = System.currentTimeMillis() - components.config.refreshReuseGraceMs() - 1_000;
    String sessionId = Documents.id(storedSession(second.refreshToken()).getValue("_id"));
    await(stores.mongo().updateCollection(Collections.SESSIONS, new JsonObject().put("_id", sessionId),
      new JsonObject().put("$set", new JsonObject().put("rotatedAt", Documents.date(longAgo)))));

    assertEquals(Failure.SESSION_NOT_FOUND, refusal(service.refresh(first.refreshToken(), IP)));
    assertEquals(1, refreshes(GatehouseMeters.REUSE_DETECTED));
    assertNull(storedSession(second.refreshToken()), "the session is deleted");
    assertEquals(Failure.SESSION_NOT_FOUND, refusal(service.refresh(second.refreshToken(), IP)),
      "the newest token, the thief's or the victim's, is dead too");
  }

  @Test
  @DisplayName("refuses a refresh token signed with another key as INVALID_REFRESH_TOKEN and leaves the session alone")
  void forgedToken() {
    Session session = newSession();
    JsonObject claims = await(tokens.verifyRefresh(session.refreshToken()));
    long now = System.currentTimeMillis();
    Tokens forger = new Tokens(stores.vertx(), new JwtSecrets("forger-access-secret", "forger-refresh-secret"), 60_000);
    String forged = forger.refreshToken(claims.getString("id"), claims.getString("sessionId"), now + 3_600_000, now);

    assertEquals(Failure.INVALID_REFRESH_TOKEN, refusal(service.refresh(forged, IP)));
    assertEquals(Failure.INVALID_REFRESH_TOKEN, refusal(service.refresh(session.token(), IP)),
      "an access token is not a refresh token");
    assertEquals(Hashes.sha256Hex(session.refreshToken()), storedSession(session.refreshToken()).getString("refreshTokenHash"));
    assertEquals(2, refreshes(GatehouseMeters.INVALID));
  }

  @Test
  @DisplayName("refuses a refresh token with the right signature but no expiry as INVALID_REFRESH_TOKEN, not a 500")
  void tokenWithoutExpiry() {
    Session session = newSession();
    JsonObject claims = await(tokens.verifyRefresh(session.refreshToken())).copy();
    claims.remove("exp");
    String withoutExpiry = Jwts.hs256(claims, InProcessStores.secrets(components.config).refresh());

    assertEquals(Failure.INVALID_REFRESH_TOKEN, refusal(service.refresh(withoutExpiry, IP)));
    assertEquals(Hashes.sha256Hex(session.refreshToken()), storedSession(session.refreshToken()).getString("refreshTokenHash"));
  }

  @Test
  @DisplayName("logs out the session its refresh token names, only for its own user, and shrugs at a malformed token")
  void logout() {
    Session mine = newSession();
    Session theirs = newSession();

    await(service.logout(mine.userId(), theirs.refreshToken(), IP));
    assertNotNull(storedSession(theirs.refreshToken()), "another user's session is not mine to end");
    await(service.logout(mine.userId(), "not-a-jwt", IP));
    await(service.logout(mine.userId(), null, IP));
    assertNotNull(storedSession(mine.refreshToken()));

    await(service.logout(mine.userId(), mine.refreshToken(), IP));
    assertNull(storedSession(mine.refreshToken()));
    assertNotNull(storedSession(theirs.refreshToken()));
  }

  @Test
  @DisplayName("refuses a malformed refresh token as INVALID_REFRESH_TOKEN")
  void malformedToken() {
    for (String token : new String[] {"", "not-a-jwt", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", null}) {
      assertEquals(Failure.INVALID_REFRESH_TOKEN, refusal(service.refresh(token, IP)),
        "token " + token);
    }
  }

  @Test
  @DisplayName("refuses the refresh token of a deleted user with USER_GONE")
  void deletedUser() {
    String email = newEmail();
    String userId = account(email, true);
    Session session = login(email);
    assertTrue(await(components.users.delete(userId)));

    assertEquals(Failure.USER_GONE, refusal(service.refresh(session.refreshToken(), IP)));
    assertEquals(Failure.USER_GONE, refusal(service.open(userId)));
  }

  @Test
  @DisplayName("refuses a wrong password, and an unknown email, with BAD_CREDENTIALS and opens no session")
  void wrongPassword() {
    String email = newEmail();
    String userId = account(email, true);

    assertEquals(Failure.BAD_CREDENTIALS,
      refusal(service.login(email, "wrong " + PASSWORD, IP, null)));
    assertEquals(Failure.BAD_CREDENTIALS,
      refusal(service.login(newEmail(), PASSWORD, IP, null)), "one answer for both");
    assertEquals(0, sessionsOf(userId));
  }

  @Test
  @DisplayName("refuses the right password of an unverified email with EMAIL_NOT_VERIFIED, unless ALLOW_UNVERIFIED_EMAIL_LOGIN=true")
  void unverifiedEmail() {
    String email = newEmail();
    account(email, false);

    assertEquals(Failure.EMAIL_NOT_VERIFIED, refusal(service.login(email, PASSWORD, IP, null)));

    TokenService lenient = service(stores.components(Map.of("ALLOW_UNVERIFIED_EMAIL_LOGIN", "true")), meters);
    assertEquals(Admission.Outcome.SESSION, await(lenient.login(email, PASSWORD, IP, null)).outcome());
  }

  @Test
  @DisplayName("admits an account with two-factor authentication on to the second step only: a temp token, no session")
  void twoFactorPending() {
    String email = newEmail();
    String userId = account(email, true);
    await(components.users.update(userId, new JsonObject().put("twoFactorEnabled", true)));

    Admission admission = await(service.login(email, PASSWORD, IP, null));

    assertEquals(Admission.Outcome.TWO_FACTOR_PENDING, admission.outcome());
    assertNull(admission.session());
    assertEquals(userId, await(tokens.verifyTwoFactorTemp(admission.tempToken())).userId());
    assertEquals(0, sessionsOf(userId));
  }

  @Test
  @DisplayName("tells a banned account of its ban only once the password is right: BANNED until the ban's end, no session")
  void banned() {
    String email = newEmail();
    String userId = account(email, true);
    long until = System.currentTimeMillis() + 3_600_000;
    components.banCache.put(BanCache.user(userId), until, 1);

    assertEquals(Failure.BAD_CREDENTIALS,
      refusal(service.login(email, "wrong " + PASSWORD, IP, null)), "a wrong password learns nothing");
    Admission admission = await(service.login(email, PASSWORD, IP, null));

    assertEquals(Admission.Outcome.BANNED, admission.outcome());
    assertEquals(until, admission.bannedUntil());
    assertNull(admission.session());
    assertEquals(0, sessionsOf(userId));
  }

  private long sessionsOf(String userId) {
    return await(stores.mongo().count(Collections.SESSIONS, new JsonObject().put("user", Documents.oid(userId))));
  }
}
