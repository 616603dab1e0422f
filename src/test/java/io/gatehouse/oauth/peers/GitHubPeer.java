package io.gatehouse.oauth.peers;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * GitHub Enterprise Server's endpoints: {@code /login/oauth/*}, {@code /api/v3/user} and
 * {@code /api/v3/user/emails} (a verified primary address and an unverified other one). A bad code gets
 * GitHub's 200 with {@code {"error":"bad_verification_code"}}.
 */
public final class GitHubPeer extends OAuth2Peer {
  private static final String USER_AGENT = "Acme-Chat-SSO";

  public GitHubPeer(Vertx vertx) {
    super(vertx, "github", "/login/oauth/authorize", "/login/oauth/access_token");
  }

  @Override
  public String storedId(Person person) {
    return String.valueOf(numericId(person));
  }

  /** GitHub's ids are numbers. */
  private static long numericId(Person person) {
    return Math.abs((long) person.id().hashCode()) + 1;
  }

  @Override
  protected void routes(Router router) {
    // GitHub refuses API calls without a User-Agent; this one wants the configured one
    router.get("/api/v3/*").handler(ctx -> {
      if (USER_AGENT.equals(ctx.request().getHeader("User-Agent"))) {
        ctx.next();
      } else {
        ctx.response().setStatusCode(403).end("Request forbidden by administrative rules.");
      }
    });
    router.get("/api/v3/user").handler(ctx -> {
      Person p = bearer(ctx);
      if (p != null) {
        json(ctx, new JsonObject().put("id", numericId(p)).put("login", p.username()).put("name", p.name())
          .put("avatar_url", p.avatar()).put("email", null));
      }
    });
    router.get("/api/v3/user/emails").handler(ctx -> {
      Person p = bearer(ctx);
      if (p != null) {
        json(ctx, new JsonArray()
          .add(new JsonObject().put("email", "old-" + p.email()).put("primary", false).put("verified", true))
          .add(new JsonObject().put("email", p.email()).put("primary", true).put("verified", p.emailVerified())));
      }
    });
  }

  @Override
  protected void badCode(RoutingContext ctx) {
    json(ctx, new JsonObject().put("error", "bad_verification_code")
      .put("error_description", "The code passed is incorrect or expired."));
  }

  @Override
  public Map<String, String> variables() {
    return client(Map.of("GITHUB_ENTERPRISE_BASE_URL", base(), "GITHUB_ENTERPRISE_USER_AGENT", USER_AGENT));
  }
}
