package io.gatehouse.oauth;

import static io.gatehouse.oauth.Flows.assertAuthFailed;
import static io.gatehouse.oauth.Flows.assertSignedIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.oauth.peers.MockIdp;
import io.gatehouse.oauth.peers.OidcPeer;
import io.gatehouse.oauth.peers.Person;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Store;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The generic OpenID Connect provider's options: PKCE, roles, claim mapping, issuer-and-subject identity. */
@DisplayName("OpenID Connect options")
class OpenIdOptionsTest extends NodeSuite {
  private static final Map<String, Object> MEMBER = Map.of("roles", List.of("chat-user"));

  private final Vertx peerVertx = Vertx.vertx();
  private final MockIdp idp = new MockIdp(peerVertx);
  private final OidcPeer openid = new OidcPeer(idp, "openid");

  @Override
  protected Map<String, String> variables() {
    Map<String, String> env = new HashMap<>(openid.variables());
    env.putAll(Map.of("ALLOW_SOCIAL_LOGIN", "true", "DOMAIN_SERVER", Browser.SERVER, "DOMAIN_CLIENT", Browser.CLIENT,
      "OPENID_USE_PKCE", "true", "OPENID_SCOPE", "openid email profile offline_access",
      "OPENID_REQUIRED_ROLE", "chat-user,chat-guest", "OPENID_ADMIN_ROLE", "chat-admin",
      "OPENID_ADMIN_ROLE_PARAMETER_PATH", "realm_access.roles", "OPENID_ADMIN_ROLE_TOKEN_KIND", "access",
      "OPENID_USERNAME_CLAIM", "nickname"));
    env.put("OPENID_AUDIENCE", "https://api.acme.test, https://other.acme.test");
    env.putAll(Map.of("OPENID_BUTTON_LABEL", "Sign in with Acme SSO", "OPENID_IMAGE_URL", "https://acme.test/logo.svg",
      "OPENID_AUTO_REDIRECT", "true"));
    return env;
  }

  @AfterAll
  void stopPeers() {
    idp.close();
    peerVertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private Browser browser() {
    return new Browser(peerVertx, "10.70.0.1");
  }

  private static Map<String, Object> claims(Object... pairs) {
    Map<String, Object> out = new HashMap<>(MEMBER);
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], pairs[i + 1]);
    }
    return out;
  }

  private io.gatehouse.testing.Http.Answer login(Person person, Map<String, Object> claims) {
    Browser browser = browser();
    openid.nextUser(person, claims);
    return Flows.callback(browser, server, openid, Flows.consent(browser, openid, Flows.begin(browser, server, openid), server));
  }

  @Test
  @DisplayName("/api/config shows OpenID with its label, image and auto-redirect")
  void config() {
    JsonObject config = http.get("/api/config").send().json();
    assertEquals(Boolean.TRUE, config.getBoolean("openidLoginEnabled"));
    assertEquals(Boolean.FALSE, config.getBoolean("googleLoginEnabled"));
    assertEquals("Sign in with Acme SSO", config.getString("openidLabel"));
    assertEquals("https://acme.test/logo.svg", config.getString("openidImageUrl"));
    assertEquals(Boolean.TRUE, config.getBoolean("openidAutoRedirect"));
  }

  @Test
  @DisplayName("PKCE: the challenge is S256 of the verifier kept in Redis; a swapped challenge fails the exchange")
  void pkce() throws Exception {
    Browser browser = browser();
    String authorize = Flows.begin(browser, server, openid);
    Map<String, String> query = Flows.query(authorize);
    assertEquals("S256", query.get("code_challenge_method"));
    assertEquals("openid email profile offline_access", query.get("scope"));
    assertEquals("https://api.acme.test", query.get("audience"), "the first of OPENID_AUDIENCE");
    JsonObject flow = new JsonObject(redis.get("gatehouse:oauth:state:" + query.get("state")));
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
      .digest(flow.getString("verifier").getBytes(StandardCharsets.US_ASCII)));
    assertEquals(challenge, query.get("code_challenge"));
    long ttl = redis.pttl("gatehouse:oauth:state:" + query.get("state"));
    assertEquals(true, ttl > 0 && ttl <= 600_000, "a short TTL: " + ttl);

    openid.nextUser(Person.named("pkce-swap"), MEMBER);
    String swapped = Flows.withParam(authorize, "code_challenge", "A".repeat(43));
    assertAuthFailed(Flows.callback(browser, server, openid, Flows.consent(browser, openid, swapped, server)));
  }

  @Test
  @DisplayName("OPENID_REQUIRED_ROLE: one of the listed roles in the id_token, else auth_failed and no user")
  void requiredRole() {
    Person outsider = Person.named("no-role");
    assertAuthFailed(login(outsider, Map.of("roles", List.of("other"))));
    assertNull(Store.userByEmail(server, outsider.email()));
    Person guest = Person.named("guest-role");
    assertSignedIn(login(guest, Map.of("roles", "chat-guest")));
  }

  @Test
  @DisplayName("OPENID_ADMIN_ROLE from the access token grants ADMIN, and its absence takes it back")
  void adminRole() {
    Person person = Person.named("oidc-admin");
    assertSignedIn(login(person, claims("realm_access", Map.of("roles", List.of("chat-admin")))));
    assertEquals("ADMIN", Store.userByEmail(server, person.email()).getString("role"));
    assertSignedIn(login(person, claims("realm_access", Map.of("roles", new JsonArray().getList()))));
    assertEquals("USER", Store.userByEmail(server, person.email()).getString("role"));
  }

  @Test
  @DisplayName("users are known by issuer and subject: a new email updates the account, another subject with it is refused")
  void issuerAndSubject() {
    Person person = Person.named("oidc-subject");
    assertSignedIn(login(person, claims("nickname", "nick-1")));
    JsonObject user = Store.userByEmail(server, person.email());
    assertEquals("nick-1", user.getString("username"), "OPENID_USERNAME_CLAIM");
    assertEquals(person.id(), user.getString("openidId"));
    assertEquals(idp.issuer("openid"), user.getString("openidIssuer"));

    Person moved = person.withEmail("moved-" + person.email());
    assertSignedIn(login(moved, claims("nickname", "nick-2")));
    JsonObject after = Store.userByEmail(server, moved.email());
    assertEquals(user.getString("_id"), after.getString("_id"));
    assertEquals("nick-2", after.getString("username"), "synced on every login");

    assertAuthFailed(login(moved.withId("another-subject"), MEMBER));
  }

  @Test
  @DisplayName("a public client (PKCE, no secret) signs in; with Secure cookies the binding cookie is SameSite=None")
  void publicClient() {
    Map<String, String> env = new HashMap<>(variables());
    env.remove("OPENID_CLIENT_SECRET");
    env.put("SESSION_COOKIE_SECURE", "true");
    try (TestGatehouse publicNode = TestGatehouse.start(env)) {
      Browser browser = new Browser(peerVertx, "10.70.1.1");
      String binding = browser.get(Browser.SERVER + "/oauth/openid", publicNode).setCookie("gatehouse_oauth");
      assertEquals(true, binding.endsWith("; Path=/oauth; Max-Age=600; HttpOnly; Secure; SameSite=None"), binding);
      Person person = Person.named("public-client");
      openid.nextUser(person, MEMBER);
      assertSignedIn(Flows.callback(browser, publicNode, openid,
        Flows.consent(browser, openid, Flows.begin(browser, publicNode, openid), publicNode)));
    }
  }
}
