package io.gatehouse.oauth;

import static io.gatehouse.oauth.Flows.assertAuthFailed;
import static io.gatehouse.oauth.Flows.assertSignedIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.oauth.peers.Peer;
import io.gatehouse.oauth.peers.Person;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.LogCapture;
import io.gatehouse.testing.MailServer;
import io.gatehouse.testing.Store;
import io.gatehouse.testing.TestGatehouse;
import io.gatehouse.testing.TotpCodes;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Social login against every provider on loopback, with three nodes on shared stores behind one public
 * address: {@code open} (social registration and account linking on), {@code mailed} (the same, and mail
 * configured, so that a verified address was proven) and {@code strict} (registration and linking off).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Social login")
class SocialLoginTest {
  private static final List<String> PROVIDERS = List.of("google", "github", "discord", "facebook", "apple", "openid");
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private SocialPeers peers;
  private TestGatehouse open;
  private TestGatehouse strict;
  private MailServer mail;
  private TestGatehouse mailed;

  @BeforeAll
  void start() {
    peers = new SocialPeers();
    Map<String, String> openVariables = new HashMap<>(peers.variables());
    openVariables.put("ALLOW_SOCIAL_REGISTRATION", "true");
    PROVIDERS.forEach(p -> openVariables.put(p.toUpperCase() + "_ALLOW_ACCOUNT_LINKING", "true"));
    open = TestGatehouse.start(openVariables);
    strict = TestGatehouse.joining(open, peers.variables());
    mail = MailServer.start();
    Map<String, String> mailedVariables = new HashMap<>(mail.variables(openVariables));
    mailedVariables.put("DOMAIN_CLIENT", Browser.CLIENT);
    // every test proves addresses from the one test address: the verify-email limiter is not under test here
    mailedVariables.put("VERIFY_EMAIL_MAX", "1000");
    mailed = TestGatehouse.joining(open, mailedVariables);
  }

  @AfterAll
  void stop() {
    mailed.close();
    mail.close();
    strict.close();
    open.close();
    peers.close();
  }

  Stream<String> providers() {
    return PROVIDERS.stream();
  }

  Stream<String> idTokenProviders() {
    return PROVIDERS.stream().filter(p -> peers.get(p).issuesIdToken());
  }

  /** A person no earlier test has used, and a browser at an address of its own. */
  private static Person someone(String provider) {
    return Person.named(provider + "-" + SEQUENCE.incrementAndGet());
  }

  private Browser browser() {
    return peers.browser("10.50." + (SEQUENCE.incrementAndGet() % 250) + ".1");
  }

  /** The providers that may hand out an address they have not confirmed (Facebook and Apple do not). */
  Stream<String> unconfirmingProviders() {
    return Stream.of("google", "github", "discord", "openid");
  }

  /** A login that ends in auth_failed, for this reason in the security log. */
  private static void assertRefused(String reason, Supplier<Http.Answer> login) {
    try (LogCapture logs = LogCapture.open()) {
      assertAuthFailed(login.get());
      assertTrue(logs.lines().stream().anyMatch(line -> line.startsWith("gatehouse.security oauth_login")
        && line.contains("reason=\"" + reason + "\"")), reason + " in " + logs.lines());
    }
  }

  /** A local account registered with mail on, its address proven by following the mailed link. */
  private void registerProven(String email) {
    Accounts.register(mailed.http(), email);
    // the link points at this suite's DOMAIN_CLIENT, not MailServer.CLIENT
    Matcher link = Pattern.compile("/verify\\?token=(\\w+)").matcher(mail.await(email, "Verify your email", 1).text());
    assertTrue(link.find(), "a verification link");
    String token = link.group(1);
    Http.Answer verified = mailed.http().post("/api/user/verify").json(new JsonObject().put("email", email).put("token", token));
    assertEquals(200, verified.status(), verified.text());
  }

  private JsonObject user(String email) {
    return Store.userByEmail(open, email);
  }

  /** The session behind the cookie works: /api/auth/refresh answers the user. */
  private static JsonObject refresh(TestGatehouse node, Http.Answer signedIn) {
    Http.Answer refresh = node.http().post("/api/auth/refresh").cookie("refreshToken", signedIn.cookie("refreshToken")).send();
    assertEquals(200, refresh.status(), refresh.text());
    return refresh.json();
  }

  /** A login of someone new, started on the open node and consented to at the provider, its callback not yet delivered. */
  private record Consented(Browser browser, Peer peer, String callback) {
  }

  private Consented consented(String provider) {
    Browser browser = browser();
    Peer peer = peers.get(provider);
    peer.nextUser(someone(provider));
    return new Consented(browser, peer, Flows.consent(browser, peer, Flows.begin(browser, open, peer), open));
  }

  @Test
  @DisplayName("/api/config shows every provider enabled and social login on")
  void configFlags() {
    JsonObject config = open.http().get("/api/config").send().json();
    for (String flag : List.of("googleLoginEnabled", "githubLoginEnabled", "discordLoginEnabled", "facebookLoginEnabled",
      "appleLoginEnabled", "openidLoginEnabled", "socialLoginEnabled")) {
      assertEquals(Boolean.TRUE, config.getBoolean(flag), flag);
    }
    assertEquals("Continue with OpenID", config.getString("openidLabel"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  @DisplayName("start: 302 to the provider with state, the exact redirect URI, and a binding cookie on /oauth")
  void startRedirects(String provider) {
    Browser browser = browser();
    String authorize = Flows.begin(browser, open, peers.get(provider));
    Map<String, String> query = Flows.query(authorize);
    assertEquals(Browser.SERVER + "/oauth/" + provider + "/callback", query.get("redirect_uri"));
    assertEquals(43, query.get("state").length(), "32 random bytes");
    assertEquals(peers.get(provider).issuesIdToken(), query.containsKey("nonce"), "a nonce where an id_token comes back");
    assertTrue(browser.cookie("gatehouse_oauth") != null, "the flow is bound to this browser");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  @DisplayName("a new user with social registration on: created, signed in, the session refreshes")
  void newUserRegistrationOn(String provider) {
    Person person = someone(provider);
    Peer peer = peers.get(provider);
    Http.Answer answer = Flows.login(browser(), open, peer, person);
    assertSignedIn(answer);
    JsonObject session = refresh(open, answer);
    assertEquals(person.email(), session.getJsonObject("user").getString("email"));
    JsonObject user = user(person.email());
    assertEquals(provider, user.getString("provider"));
    assertEquals(peer.storedId(person), String.valueOf(user.getValue(provider + "Id")));
    assertEquals("USER", user.getString("role"));
    assertEquals(Boolean.TRUE, user.getBoolean("emailVerified"));
    assertFalse(user.containsKey("password"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  @DisplayName("a new user with social registration off: refused (OpenID always provisions)")
  void newUserRegistrationOff(String provider) {
    Person person = someone(provider);
    Http.Answer answer = Flows.login(browser(), strict, peers.get(provider), person);
    if (provider.equals("openid")) {
      assertSignedIn(answer);
      assertEquals("openid", user(person.email()).getString("provider"));
    } else {
      assertAuthFailed(answer);
      assertNull(user(person.email()), "no user was created");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  @DisplayName("a returning user: the same account, email and avatar refreshed from the provider")
  void returningUser(String provider) {
    Person person = someone(provider);
    Peer peer = peers.get(provider);
    assertSignedIn(Flows.login(browser(), open, peer, person));
    String id = user(person.email()).getString("_id");
    Person changed = new Person(person.id(), "renamed-" + person.email(), true, person.name(), person.username(),
      person.avatar() + "?v=2");
    assertSignedIn(Flows.login(browser(), strict, peer, changed));
    JsonObject user = user(changed.email());
    assertEquals(id, user.getString("_id"), "the same account");
    assertNull(user(person.email()), "the address was updated, not duplicated");
    switch (provider) {
      // Facebook's fields (id, email, name) and Apple's id_token carry no picture
      case "facebook", "apple" -> assertNull(user.getString("avatar"));
      // Discord sends a hash, made into its CDN address (the peer's hash follows the username)
      case "discord" -> assertTrue(user.getString("avatar").endsWith("/avatars/" + person.id() + "/a_"
        + person.username() + ".gif"), user.getString("avatar"));
      default -> assertEquals(changed.avatar(), user.getString("avatar"), "refreshed from the provider");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  @DisplayName("an email owned by a local account mail proved: refused with linking off, linked with linking on")
  void emailOfAnotherProvider(String provider) {
    Person person = someone(provider);
    registerProven(person.email());
    assertAuthFailed(Flows.login(browser(), strict, peers.get(provider), person));
    assertFalse(user(person.email()).containsKey(provider + "Id"), "nothing linked");

    Http.Answer linked = Flows.login(browser(), mailed, peers.get(provider), person);
    assertSignedIn(linked);
    JsonObject user = user(person.email());
    assertEquals("local", user.getString("provider"), "still the local account");
    assertEquals(peers.get(provider).storedId(person), String.valueOf(user.getValue(provider + "Id")));
    assertEquals(1, Store.count(open, Store.USERS, new JsonObject().put("email", person.email())));
    assertEquals(200, Accounts.login(open.http(), person.email()).status(), "the password still works");
    // once linked, the provider id finds the account even where linking is off
    assertSignedIn(Flows.login(browser(), strict, peers.get(provider), person));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  @DisplayName("linking into a password account whose address no mail proved: refused, the account may be an attacker's")
  void linkRefusedUnprovenEmail(String provider) {
    Peer peer = peers.get(provider);
    // without mail, registration marks every account verified
    Person squatted = someone(provider);
    Accounts.register(open.http(), squatted.email());
    assertRefused(provider + ": link_refused_unproven_email", () -> Flows.login(browser(), open, peer, squatted));
    assertFalse(user(squatted.email()).containsKey(provider + "Id"), "nothing linked");
    // with mail, an account whose link was never followed
    Person unproven = someone(provider);
    Accounts.register(mailed.http(), unproven.email());
    assertRefused(provider + ": link_refused_unproven_email", () -> Flows.login(browser(), mailed, peer, unproven));
    assertFalse(user(unproven.email()).containsKey(provider + "Id"), "nothing linked");
  }

  @Test
  @DisplayName("linking into an account with two-factor authentication on: refused, a social login asks no second factor")
  void linkRefusedTwoFactor() {
    Person person = someone("google");
    Store.insert(open, Store.USERS, Store.localUser(person.email(), null, true).put("twoFactorEnabled", true));
    assertRefused("google: link_refused_two_factor", () -> Flows.login(browser(), mailed, peers.get("google"), person));
    assertFalse(user(person.email()).containsKey("googleId"), "nothing linked");
  }

  @Test
  @DisplayName("an account with two-factor authentication on: no session but the web app's 2FA page, whose temp token completes it")
  void twoFactorAccount() {
    Person person = someone("github");
    assertSignedIn(Flows.login(browser(), open, peers.get("github"), person));
    String secret = "JBSWY3DPEHPK3PXP";
    TestGatehouse.await(open.mongo().updateCollection(Store.USERS, new JsonObject().put("email", person.email()),
      new JsonObject().put("$set", new JsonObject().put("twoFactorEnabled", true).put("totpSecret", secret))));

    Http.Answer answer = Flows.login(browser(), open, peers.get("github"), person);
    assertEquals(302, answer.status(), answer.text());
    String location = answer.header("Location");
    String page = Browser.CLIENT + "/login/2fa?tempToken=";
    assertTrue(location.startsWith(page), location);
    assertNull(answer.cookie("refreshToken"), "no session before the second factor");
    String tempToken = URLDecoder.decode(location.substring(page.length()), StandardCharsets.UTF_8);
    Http.Answer done = open.http().post("/api/auth/2fa/verify-temp")
      .json(new JsonObject().put("tempToken", tempToken).put("token", new TotpCodes(secret).next()));
    assertEquals(200, done.status(), done.text());
    assertNotNull(done.cookie("refreshToken"));
    assertNotNull(done.cookie("gatehouse_device"));
  }

  @Test
  @DisplayName("linking into an account without a password (another provider's) needs no mail")
  void linkWithoutPassword() {
    Person person = someone("github");
    assertSignedIn(Flows.login(browser(), open, peers.get("github"), person));
    assertSignedIn(Flows.login(browser(), open, peers.get("google"), person));
    JsonObject user = user(person.email());
    assertEquals("github", user.getString("provider"));
    assertEquals(peers.get("google").storedId(person), user.getString("googleId"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unconfirmingProviders")
  @DisplayName("a returning user with an address the provider has not confirmed: signed in, the account's address kept")
  void unverifiedNewEmail(String provider) {
    Person person = someone(provider);
    Peer peer = peers.get(provider);
    assertSignedIn(Flows.login(browser(), open, peer, person));
    Person changed = person.withEmail("unconfirmed-" + person.email()).unverified();
    assertSignedIn(Flows.login(browser(), open, peer, changed));
    assertNull(user(changed.email()), "not taken over by an unconfirmed address");
    assertNotNull(user(person.email()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unconfirmingProviders")
  @DisplayName("an account of the same provider found by an address the provider has not confirmed: refused, nothing claimed")
  void unverifiedEmailClaimsNothing(String provider) {
    Person person = someone(provider);
    Peer peer = peers.get(provider);
    // LibreChat's email fallback leaves the provider id out, so such rows exist
    Store.insert(open, Store.USERS, Store.localUser(person.email(), null, true).put("provider", provider));
    // GitHub and Discord addresses they have not confirmed are not used at all
    String reason = provider.equals("github") || provider.equals("discord") ? "no_email" : "unverified_email_cannot_link";
    assertRefused(provider + ": " + reason, () -> Flows.login(browser(), open, peer, person.unverified()));
    assertFalse(user(person.email()).containsKey(provider + "Id"), "nothing claimed");
    assertSignedIn(Flows.login(browser(), open, peer, person));
    assertEquals(peer.storedId(person), String.valueOf(user(person.email()).getValue(provider + "Id")));
  }

  @Test
  @DisplayName("Discord with an address Discord has not confirmed: no account made with it")
  void discordUnverified() {
    Person person = someone("discord").unverified();
    assertRefused("discord: no_email", () -> Flows.login(browser(), open, peers.get("discord"), person));
    assertNull(user(person.email()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  @DisplayName("denied consent: auth_failed, and the state is spent")
  void deniedConsent(String provider) {
    Browser browser = browser();
    Peer peer = peers.get(provider);
    peer.nextUser(someone(provider));
    String authorize = Flows.begin(browser, open, peer);
    String state = Flows.query(authorize).get("state");
    String denied = Browser.SERVER + "/oauth/" + provider + "/callback?error=access_denied&error_description=User+said+no&state=" + state;
    assertAuthFailed(Flows.callback(browser, open, peer, denied));
    assertAuthFailed(Flows.callback(browser, open, peer, Flows.consent(browser, peer, authorize, open)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  @DisplayName("a forged code: the provider refuses it, auth_failed")
  void badCode(String provider) {
    Consented flow = consented(provider);
    assertAuthFailed(Flows.callback(flow.browser(), open, flow.peer(), Flows.withParam(flow.callback(), "code", "forged")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  @DisplayName("an unknown, malformed or missing state: auth_failed")
  void badState(String provider) {
    Consented flow = consented(provider);
    for (String state : List.of("A".repeat(43), "{\"$gt\":\"\"}", "x".repeat(3_000))) {
      assertAuthFailed(Flows.callback(flow.browser(), open, flow.peer(), Flows.withParam(flow.callback(), "state", state)));
    }
    assertAuthFailed(flow.browser().get(Browser.SERVER + "/oauth/" + provider + "/callback?code=abc", open));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  @DisplayName("a replayed callback: the state served once, the second time is auth_failed")
  void replayedState(String provider) {
    Consented flow = consented(provider);
    assertSignedIn(Flows.callback(flow.browser(), open, flow.peer(), flow.callback()));
    assertAuthFailed(Flows.callback(flow.browser(), strict, flow.peer(), flow.callback()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  @DisplayName("a callback from another browser than the one that started: auth_failed")
  void otherBrowser(String provider) {
    Peer peer = peers.get(provider);
    peer.nextUser(someone(provider));
    Browser victim = browser();
    String callback = Flows.consent(victim, peer, Flows.begin(victim, open, peer), open);
    Browser attacker = browser();
    Flows.begin(attacker, open, peer);
    assertAuthFailed(Flows.callback(attacker, open, peer, callback));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  @DisplayName("started on one node, completed on the other: signed in, the session works on both")
  void secondInstance(String provider) {
    Person person = someone(provider);
    Peer peer = peers.get(provider);
    assertSignedIn(Flows.login(browser(), open, peer, person));
    Browser browser = browser();
    peer.nextUser(person);
    String callback = Flows.consent(browser, peer, Flows.begin(browser, open, peer), open);
    Http.Answer answer = Flows.callback(browser, strict, peer, callback);
    assertSignedIn(answer);
    JsonObject onStrict = refresh(strict, answer);
    assertEquals(person.email(), onStrict.getJsonObject("user").getString("email"));
    Http.Answer me = open.http().get("/api/user").bearer(onStrict.getString("token")).send();
    assertEquals(200, me.status(), me.text());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("idTokenProviders")
  @DisplayName("an id_token with another flow's nonce: auth_failed")
  void wrongNonce(String provider) {
    Browser browser = browser();
    Peer peer = peers.get(provider);
    Person person = someone(provider);
    peer.nextUser(person);
    String authorize = Flows.begin(browser, open, peer);
    String other = Flows.query(Flows.begin(browser(), open, peer)).get("nonce");
    assertNotEquals(other, Flows.query(authorize).get("nonce"));
    String callback = Flows.consent(browser, peer, Flows.withParam(authorize, "nonce", other), open);
    assertAuthFailed(Flows.callback(browser, open, peer, callback));
    assertNull(user(person.email()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("idTokenProviders")
  @DisplayName("an id_token altered after signing: auth_failed")
  void tamperedIdToken(String provider) {
    Peer peer = peers.get(provider);
    Person person = someone(provider);
    peer.nextUser(person);
    peer.tamperNextIdToken();
    Browser browser = browser();
    assertAuthFailed(Flows.callback(browser, open, peer, Flows.consent(browser, peer, Flows.begin(browser, open, peer), open)));
    assertNull(user(person.email()));
  }
}
