package io.gatehouse.oauth;

import io.gatehouse.config.OAuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * GitHub (or GitHub Enterprise Server): {@code user:email read:user}; the profile from {@code /user} and
 * the email only if GitHub lists it as the verified primary one in {@code /user/emails}.
 */
final class GitHubProvider extends OAuth2Provider {
  GitHubProvider(Vertx vertx, OAuthConfig.Client client, ProviderHttp http) {
    super(vertx, client, List.of("user:email", "read:user"), http);
  }

  @Override
  protected Future<Identity> identity(JsonObject tokens, Callback callback, Flow flow) {
    String api = client.url("api");
    Future<JsonObject> profile = http.object(http.get(api + "/user").putHeader("Authorization", bearer(tokens))
      .putHeader("User-Agent", client.userAgent()), "profile");
    Future<JsonArray> emails = http.array(http.get(api + "/user/emails").putHeader("Authorization", bearer(tokens))
      .putHeader("User-Agent", client.userAgent()), "emails");
    return Future.all(profile, emails).map(both -> identity(profile.result(), emails.result()));
  }

  private Identity identity(JsonObject profile, JsonArray emails) {
    String email = null;
    for (Object entry : emails) {
      if (entry instanceof JsonObject e && Claims.flag(e, "primary") && Claims.flag(e, "verified")) {
        email = Claims.string(e, "email");
      }
    }
    return new Identity(name(), Claims.string(profile, "id"), email, email != null, Claims.string(profile, "login"),
      Claims.first(profile, "name", "login"), Claims.string(profile, "avatar_url"), null, null);
  }
}
