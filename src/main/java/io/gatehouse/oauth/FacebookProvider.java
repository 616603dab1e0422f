package io.gatehouse.oauth;

import io.gatehouse.config.OAuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** Facebook: {@code public_profile}; the profile from the Graph API's {@code /me} with fields {@code id,email,name}. */
final class FacebookProvider implements Provider {
  private static final List<String> SCOPES = List.of("public_profile");

  private final OAuthConfig.Client client;
  private final CodeExchange exchange;
  private final ProviderHttp http;

  FacebookProvider(Vertx vertx, OAuthConfig.Client client, ProviderHttp http) {
    this.client = client;
    this.exchange = new CodeExchange(vertx, client.clientId(), client.clientSecret(), client.url("auth"),
      client.url("token"), false, http.timeoutMs());
    this.http = http;
  }

  @Override
  public String name() {
    return OAuthConfig.FACEBOOK;
  }

  @Override
  public Future<String> authorizeUrl(Flow flow, String redirectUri) {
    return Future.succeededFuture(exchange.authorizeUrl(flow, redirectUri, SCOPES, Map.of()));
  }

  @Override
  public Future<Identity> identify(Callback callback, Flow flow, String redirectUri) {
    return exchange.exchange(callback.code(), redirectUri, null)
      .compose(tokens -> http.object(http.get(client.url("user")).addQueryParam("fields", "id,email,name")
        .putHeader("Authorization", "Bearer " + tokens.getString("access_token")), "profile"))
      // Facebook only hands out confirmed addresses
      .map(profile -> new Identity(name(), Claims.string(profile, "id"), Claims.string(profile, "email"), true,
        Claims.string(profile, "name"), Claims.string(profile, "name"), null, null, null));
  }
}
