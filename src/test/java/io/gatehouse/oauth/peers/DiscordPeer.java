package io.gatehouse.oauth.peers;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Map;

/** Discord's endpoints: {@code /api/oauth2/authorize}, {@code /api/oauth2/token}, {@code /api/users/@me}. */
public final class DiscordPeer extends OAuth2Peer {
  public DiscordPeer(Vertx vertx) {
    super(vertx, "discord", "/api/oauth2/authorize", "/api/oauth2/token");
  }

  @Override
  protected void routes(Router router) {
    router.get("/api/users/@me").handler(ctx -> {
      Person p = bearer(ctx);
      if (p != null) {
        json(ctx, new JsonObject().put("id", p.id()).put("username", p.username()).put("global_name", p.name())
          .put("avatar", "a_" + p.username()).put("email", p.email()).put("verified", p.emailVerified()));
      }
    });
  }

  @Override
  public Map<String, String> variables() {
    return client(Map.of("DISCORD_AUTH_URL", base() + authorizePath, "DISCORD_TOKEN_URL", base() + tokenPath,
      "DISCORD_USER_URL", base() + "/api/users/@me", "DISCORD_CDN_URL", base() + "/cdn"));
  }
}
