package io.gatehouse.oauth;

import io.gatehouse.config.OAuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * GitHub (or GitHub Enterprise Server): {@code user:email read:user}; the profile from {@code /user} and
 * the email only if GitHub lists it as the verified primary one in {@code /user/emails}.
 */
final class GitHubProvider implements Provider {
  private static final List<String> SCOPES = List.of("user:email", "read:user");

  private final OAuthConfig.Client client;
  private final CodeExchange exchange;
  private final ProviderHttp http;

  GitHubProvider(Vertx vertx, OAuthConfig.Client client, ProviderHttp http) {
    this.client = client;
    this.exchange = new CodeExchange(vertx, client.clientId(), client.clientSecret(), client.url("auth"),
      client.url("token"), false, http.timeoutMs());
    this.http = http;
  }

  @Override
  public String name() {
    return OAuthConfig.GITHUB;
  }

  @Override
  public Future<String> authorizeUrl(Flow flow, String redirectUri) {
    return Future.succeededFuture(exchange.authorizeUrl(flow, redirectUri, SCOPES, Map.of()));
  }

  @Override
  public Future<Identity> identify(Callback callback, Flow flow, String redirectUri) {
    return exchange.exchange(callback.code(), redirectUri, null).compose(tokens -> {
      String bearer = "Bearer " + tokens.getString("access_token");
      Future<JsonObject> profile = http.object(http.get(client.url("api") + "/user").putHeader("Authorization", bearer),
        "profile");
      Future<JsonArray> emails = http.array(http.get(client.url("api") + "/user/emails")
        .putHeader("Authorization", bearer), "emails");
      return Future.all(profile, emails).map(both -> identity(profile.result(), emails.result()));
    });
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
