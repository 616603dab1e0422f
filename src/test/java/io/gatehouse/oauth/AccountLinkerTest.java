package io.gatehouse.oauth;

import static io.gatehouse.testing.InProcessStores.await;
import static io.gatehouse.testing.InProcessStores.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.Components;
import io.gatehouse.accounts.AccountCreator;
import io.gatehouse.config.OAuthConfig;
import io.gatehouse.config.Settings;
import io.gatehouse.store.Documents;
import io.gatehouse.testing.InProcessStores;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules that turn a verified identity into a user ({@link AccountLinker}), on the real embedded
 * store and without a node or a provider: identities are built as the providers' answers would give
 * them. SocialLoginTest keeps what needs the flows: each provider's answer read into an identity, the
 * ban check and the session at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Linking a social identity to an account")
class AccountLinkerTest {
  private static final String ISSUER = "https://idp.example.com";
  /** What the password field of an account with a password holds; never checked here. */
  private static final String PASSWORD_HASH = "$2b$10$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234";
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private InProcessStores stores;
  private Components components;
  /** Social registration on; Google may link to accounts of other providers, GitHub may not. */
  private AccountLinker open;
  /** The same providers with ALLOW_SOCIAL_REGISTRATION=false. */
  private AccountLinker closed;

  @BeforeAll
  void start(@TempDir Path dir) {
    stores = InProcessStores.start(dir);
    components = stores.components(Map.of());
    open = linker(true);
    closed = linker(false);
  }

  @AfterAll
  void stop() {
    stores.close();
  }

  /** The linker as the OAuth verticle builds it, with mail configured (so a verified address was proven). */
  private AccountLinker linker(boolean socialRegistration) {
    Map<String, String> variables = Map.of(
      "ALLOW_SOCIAL_LOGIN", "true",
      "ALLOW_SOCIAL_REGISTRATION", String.valueOf(socialRegistration),
      "GITHUB_CLIENT_ID", "github-client", "GITHUB_CLIENT_SECRET", "github-secret",
      "GOOGLE_CLIENT_ID", "google-client", "GOOGLE_CLIENT_SECRET", "google-secret",
      "GOOGLE_ALLOW_ACCOUNT_LINKING", "true",
      "OPENID_ISSUER", ISSUER, "OPENID_CLIENT_ID", "openid-client", "OPENID_CLIENT_SECRET", "openid-secret");
    return new AccountLinker(OAuthConfig.from(new Settings(variables)), components.users, components.revocations, true);
  }

  private static String newEmail() {
    return "linked-" + SEQUENCE.incrementAndGet() + "@example.com";
  }

  private static String newId() {
    return "id-" + SEQUENCE.incrementAndGet();
  }

  private static Identity identity(String provider, String id, String email, boolean emailVerified) {
    return new Identity(provider, id, email, emailVerified, "linked", "Linked Person", null, null, null);
  }

  /** An existing account as registration (or an earlier social login) left it; answers its id. */
  private String existing(String provider, String email, boolean emailVerified, String passwordHash, JsonObject extra) {
    JsonObject user = AccountCreator.newDocument("Existing Person", null, email, emailVerified, passwordHash, provider,
      AccountCreator.ROLE_USER).mergeIn(extra);
    return await(components.users.insert(user));
  }

  private JsonObject stored(String userId) {
    return await(components.users.findById(userId));
  }

  private static String idOf(AccountLinker.Linked linked) {
    return Documents.id(linked.user().getValue("_id"));
  }

  /** The linker must refuse, by a rule, for {@code reason}. */
  private static void assertRefused(String reason, Future<?> link) {
    OAuthFailure refused = failure(OAuthFailure.class, link);
    assertEquals(OAuthFailure.REFUSED, refused.outcome(), refused.reason());
    assertEquals(reason, refused.reason());
  }

  @Test
  @DisplayName("finds a returning user by the provider's id, whatever email the provider now gives")
  void byProviderId() {
    String githubId = newId();
    String userId = existing("github", newEmail(), true, null, new JsonObject().put("githubId", githubId));
    String email = stored(userId).getString("email");

    AccountLinker.Linked linked = await(open.link(identity("github", githubId, newEmail(), false)));

    assertFalse(linked.created(), "no new account, though registration is on and the email is unknown");
    assertEquals(userId, idOf(linked));
    assertEquals(email, stored(userId).getString("email"), "an unconfirmed address does not replace the account's");
  }

  @Test
  @DisplayName("finds an account of the same provider by an email the provider confirmed, and binds the provider's id to it")
  void byConfirmedEmail() {
    String email = newEmail();
    String userId = existing("github", email, true, null, new JsonObject());
    String githubId = newId();

    AccountLinker.Linked linked = await(open.link(identity("github", githubId, email.toUpperCase(), true)));

    assertFalse(linked.created());
    assertEquals(userId, idOf(linked));
    assertEquals(githubId, stored(userId).getString("githubId"));
  }

  @Test
  @DisplayName("links an account of another provider by confirmed email only where <PROVIDER>_ALLOW_ACCOUNT_LINKING=true")
  void linkingAllowed() {
    String email = newEmail();
    String userId = existing("local", email, true, PASSWORD_HASH, new JsonObject());
    String googleId = newId();

    AccountLinker.Linked linked = await(open.link(identity("google", googleId, email, true)));

    assertEquals(userId, idOf(linked));
    assertEquals(googleId, stored(userId).getString("googleId"));
    assertEquals("local", stored(userId).getString("provider"), "the account stays what it was");
  }

  @Test
  @DisplayName("refuses an email that belongs to an account of another provider without ALLOW_ACCOUNT_LINKING")
  void linkingNotAllowed() {
    String email = newEmail();
    String userId = existing("local", email, true, PASSWORD_HASH, new JsonObject());

    assertRefused("email_owned_by_local", open.link(identity("github", newId(), email, true)));
    assertNull(stored(userId).getValue("githubId"), "the account is not touched");
  }

  @Test
  @DisplayName("refuses to link by an email the provider has not confirmed, even where linking is allowed")
  void unverifiedEmail() {
    String email = newEmail();
    String userId = existing("local", email, true, null, new JsonObject());

    assertRefused("unverified_email_cannot_link", open.link(identity("google", newId(), email, false)));
    assertNull(stored(userId).getValue("googleId"));
  }

  @Test
  @DisplayName("refuses a new user when ALLOW_SOCIAL_REGISTRATION=false, and creates none")
  void registrationDisabled() {
    String email = newEmail();

    assertRefused("registration_disabled", closed.link(identity("github", newId(), email, true)));
    assertNull(await(components.users.findByEmail(email)));

    AccountLinker.Linked created = await(open.link(identity("github", newId(), email, true)));
    assertTrue(created.created(), "the same identity registers where social registration is on");
  }

  @Test
  @DisplayName("provisions a new OpenID user even with social registration off, known afterwards by issuer and subject")
  void openIdProvisions() {
    String subject = newId();
    Identity identity = new Identity("openid", subject, newEmail(), true, "oidc-user", "OpenID Person", null, ISSUER, null);

    AccountLinker.Linked created = await(closed.link(identity));

    assertTrue(created.created());
    JsonObject user = stored(idOf(created));
    assertEquals("openid", user.getString("provider"));
    assertEquals(subject, user.getString("openidId"));
    assertEquals(ISSUER, user.getString("openidIssuer"));
    assertTrue(user.getBoolean("emailVerified"));

    AccountLinker.Linked again = await(closed.link(identity));
    assertFalse(again.created());
    assertEquals(idOf(created), idOf(again));
  }
}
