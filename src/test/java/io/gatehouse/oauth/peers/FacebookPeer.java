package io.gatehouse.oauth.peers;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Map;

/** The Graph API's endpoints: {@code /dialog/oauth}, {@code /oauth/access_token}, {@code /me?fields=...}. */
public final class FacebookPeer extends OAuth2Peer {
  public FacebookPeer(Vertx vertx) {
    super(vertx, "facebook", "/dialog/oauth", "/oauth/access_token");
  }

  @Override
  protected void routes(Router router) {
    router.get("/me").handler(ctx -> {
      Person p = bearer(ctx);
      if (p == null) {
        return;
      }
      // the Graph API answers only the fields asked for
      JsonObject all = new JsonObject().put("id", p.id()).put("email", p.email()).put("name", p.name())
        .put("birthday", "01/01/1970");
      JsonObject answer = new JsonObject();
      for (String field : String.valueOf(ctx.request().getParam("fields")).split(",")) {
        if (all.containsKey(field)) {
          answer.put(field, all.getValue(field));
        }
      }
      json(ctx, answer);
    });
  }

  @Override
  public Map<String, String> variables() {
    return client(Map.of("FACEBOOK_AUTH_URL", base() + authorizePath, "FACEBOOK_TOKEN_URL", base() + tokenPath,
      "FACEBOOK_USER_URL", base() + "/me"));
  }
}
