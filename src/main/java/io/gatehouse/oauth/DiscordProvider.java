package io.gatehouse.oauth;

import io.gatehouse.config.OAuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** Discord: {@code identify email} with {@code prompt=none}; the profile from {@code /users/@me}. */
final class DiscordProvider implements Provider {
  private static final List<String> SCOPES = List.of("identify", "email");

  private final OAuthConfig.Client client;
  private final CodeExchange exchange;
  private final ProviderHttp http;

  DiscordProvider(Vertx vertx, OAuthConfig.Client client, ProviderHttp http) {
    this.client = client;
    this.exchange = new CodeExchange(vertx, client.clientId(), client.clientSecret(), client.url("auth"),
      client.url("token"), false, http.timeoutMs());
    this.http = http;
  }

  @Override
  public String name() {
    return OAuthConfig.DISCORD;
  }

  @Override
  public Future<String> authorizeUrl(Flow flow, String redirectUri) {
    return Future.succeededFuture(exchange.authorizeUrl(flow, redirectUri, SCOPES, Map.of("prompt", "none")));
  }

  @Override
  public Future<Identity> identify(Callback callback, Flow flow, String redirectUri) {
    return exchange.exchange(callback.code(), redirectUri, null)
      .compose(tokens -> http.object(http.get(client.url("user"))
        .putHeader("Authorization", "Bearer " + tokens.getString("access_token")), "profile"))
      .map(profile -> new Identity(name(), Claims.string(profile, "id"), Claims.string(profile, "email"),
        Claims.flag(profile, "verified"), Claims.string(profile, "username"),
        Claims.first(profile, "global_name", "username"), avatar(profile), null, null));
  }

  /** Discord's CDN picture: animated (GIF) when the hash starts with {@code a_}. */
  private String avatar(JsonObject profile) {
    String hash = Claims.string(profile, "avatar");
    String id = Claims.string(profile, "id");
    if (hash == null || id == null) {
      return null;
    }
    return client.url("cdn") + "/avatars/" + id + "/" + hash + (hash.startsWith("a_") ? ".gif" : ".png");
  }
}
