package io.gatehouse.oauth;

import static io.gatehouse.oauth.Flows.assertAuthFailed;
import static io.gatehouse.oauth.Flows.assertSignedIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.gatehouse.http.Answers;
import io.gatehouse.moderation.BanStore;
import io.gatehouse.oauth.peers.DiscordPeer;
import io.gatehouse.oauth.peers.GitHubPeer;
import io.gatehouse.oauth.peers.Peer;
import io.gatehouse.oauth.peers.Person;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.LogCapture;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Store;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Social login under moderation and against failing providers: the login limiter counts every
 * {@code /oauth/*} request, bans answer 403, and a provider that hangs or is gone ends in auth_failed.
 */
@DisplayName("Social login: limiter, bans and failing providers")
class SocialLoginGuardsTest extends NodeSuite {
  private static final String LIMITED = "{\"message\":\"Too many login attempts, please try again after 1 minutes.\"}";

  private final Vertx peerVertx = Vertx.vertx();
  private final Peer github = new GitHubPeer(peerVertx);
  private final Peer discord = new DiscordPeer(peerVertx);
  /** A token endpoint that accepts the connection and never answers. */
  private final HttpServer silent = TestGatehouse.await(peerVertx.createHttpServer().requestHandler(request -> { })
    .listen(0, "127.0.0.1"));

  @Override
  protected Map<String, String> variables() {
    Map<String, String> env = new HashMap<>(github.variables());
    env.putAll(discord.variables());
    env.put("DISCORD_TOKEN_URL", "http://127.0.0.1:" + silent.actualPort() + "/api/oauth2/token");
    env.putAll(Map.of("FACEBOOK_CLIENT_ID", "client-facebook", "FACEBOOK_CLIENT_SECRET", "secret",
      "FACEBOOK_AUTH_URL", "http://127.0.0.1:" + TestGatehouse.freePort() + "/dialog/oauth",
      "FACEBOOK_TOKEN_URL", "http://127.0.0.1:" + TestGatehouse.freePort() + "/oauth/access_token"));
    env.putAll(Map.of("ALLOW_SOCIAL_LOGIN", "true", "ALLOW_SOCIAL_REGISTRATION", "true",
      "DOMAIN_SERVER", Browser.SERVER, "DOMAIN_CLIENT", Browser.CLIENT, "OAUTH_HTTP_TIMEOUT", "1000",
      "LOGIN_MAX", "3", "LOGIN_WINDOW", "1"));
    return env;
  }

  @AfterAll
  void stopPeers() {
    github.close();
    discord.close();
    peerVertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private Browser browser(String ip) {
    return new Browser(peerVertx, ip);
  }

  @Test
  @DisplayName("the login limiter counts /oauth/* with /api/auth/login: the fourth request from one address gets 429")
  void limiterCountsOAuth() {
    Browser browser = browser("10.61.0.1");
    Http.Answer first = browser.get(Browser.SERVER + "/oauth/github", server);
    assertEquals(302, first.status());
    assertEquals("2", first.header("X-RateLimit-Remaining"));
    assertEquals(302, browser.get(Browser.SERVER + "/oauth/error", server).status());
    assertEquals(302, browser.get(Browser.SERVER + "/oauth/github/callback?code=x&state=y", server).status());
    Http.Answer limited = browser.get(Browser.SERVER + "/oauth/github", server);
    assertEquals(429, limited.status(), limited.text());
    assertEquals(LIMITED, limited.text());
    assertNotNull(limited.header("Retry-After"));
    Http.Answer login = http.post("/api/auth/login").header("X-Forwarded-For", "10.61.0.1")
      .json(new JsonObject().put("email", "someone@example.com").put("password", "whatever-password"));
    assertEquals(429, login.status(), "one window for password and social logins");
    assertEquals(302, browser("10.61.0.2").get(Browser.SERVER + "/oauth/github", server).status(), "another address");
  }

  @Test
  @DisplayName("a banned user finishing a social login gets LibreChat's 403, a banned address is refused at the start")
  void bans() {
    Person person = Person.named("banned-social");
    assertSignedIn(Flows.login(browser("10.62.0.1"), server, github, person));
    String userId = Store.userByEmail(server, person.email()).getString("_id");
    BanStore bans = redis.bans();
    long until = System.currentTimeMillis() + 60_000;
    TestGatehouse.await(bans.ban("user:" + userId, new JsonObject().put("expiresAt", until).put("type", "test")));
    TestGatehouse.await(bans.ban("ip:10.62.0.9", new JsonObject().put("expiresAt", until).put("type", "test")));

    Http.Answer banned = Eventually.until(Duration.ofSeconds(5), "the ban reaches the node",
      () -> Flows.login(browser("10.62.0.2"), server, github, person), answer -> answer.status() != 302);
    assertEquals(403, banned.status(), banned.text());
    assertEquals(new JsonObject().put("message", Answers.BANNED).encode(), banned.text());
    assertNotNull(banned.header("Retry-After"));
    assertEquals(null, banned.cookie("refreshToken"));

    Http.Answer address = browser("10.62.0.9").get(Browser.SERVER + "/oauth/github", server);
    assertEquals(403, address.status(), address.text());
  }

  @Test
  @DisplayName("a provider that never answers, or is not there: auth_failed, no hang")
  void failingProviders() {
    Person person = Person.named("slow-provider");
    assertAuthFailed(Flows.login(browser("10.63.0.1"), server, discord, person));
    Browser browser = browser("10.63.0.2");
    Http.Answer start = browser.get(Browser.SERVER + "/oauth/facebook", server);
    assertEquals(302, start.status(), "the authorisation URL needs no call to the provider");
    String authorize = start.header("Location");
    String callback = Browser.SERVER + "/oauth/facebook/callback?code=abc&state=" + Flows.query(authorize).get("state");
    assertAuthFailed(browser.get(callback, server));
  }

  @Test
  @DisplayName("an unknown or disabled provider, /oauth/error and stray paths: auth_failed redirects")
  void unknownRoutes() {
    Browser browser = browser("10.64.0.1");
    assertAuthFailed(browser.get(Browser.SERVER + "/oauth/google", server));
    assertAuthFailed(browser("10.64.0.2").get(Browser.SERVER + "/oauth/error", server));
    assertAuthFailed(browser("10.64.0.3").get(Browser.SERVER + "/oauth/openid/callback?code=a&state=b", server));
    assertAuthFailed(browser("10.64.0.4").get(Browser.SERVER + "/oauth/github/callback/extra", server));
  }

  @Test
  @DisplayName("a query string that does not decode: auth_failed on /oauth/*, 400 on the login routes, never a 500")
  void malformedQuery() {
    String authFailed = Browser.CLIENT + "/login?redirect=false&error=auth_failed";
    try (LogCapture logs = LogCapture.open()) {
      // raw paths: a browser's URI parser would refuse them, Netty's decoder throws on them
      WebClient raw = WebClient.create(peerVertx, new WebClientOptions().setFollowRedirects(false));
      for (String path : List.of("/oauth/github/callback?state=%zz", "/oauth/github?x=%zz", "/oauth/error?x=%", "/oauth/x?%zz")) {
        HttpResponse<Buffer> answer = TestGatehouse.await(raw.get(server.port(), "127.0.0.1", path)
          .putHeader("X-Forwarded-For", "10.65.0." + path.length()).send());
        assertEquals(302, answer.statusCode(), path + ": " + answer.bodyAsString());
        assertEquals(authFailed, answer.getHeader("Location"), path);
      }
      raw.close();
      JsonObject credentials = new JsonObject().put("email", "someone@example.com").put("password", "whatever-password");
      for (String path : List.of("/api/auth/login?x=%zz", "/api/auth/register?email=%zz", "/api/auth/refresh?retry=%zz",
        "/api/auth/requestPasswordReset?email=%zz")) {
        Http.Answer answer = http.post(path).header("X-Forwarded-For", "10.66.0." + path.length()).json(credentials);
        assertEquals(400, answer.status(), path + ": " + answer.text());
        assertEquals("{\"message\":\"Bad request\"}", answer.text(), path);
      }
      assertEquals(List.of(), logs.containing(List.of("Unhandled failure")), "no stack trace logged");
    }
  }
}
