package io.gatehouse.oauth;

import io.gatehouse.config.OAuthConfig;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;

/** The enabled providers of a node, each built from its client configuration. */
final class Providers {
  private Providers() {
  }

  static Map<String, Provider> of(Vertx vertx, OAuthConfig config, ProviderHttp http, IdTokens idTokens) {
    Map<String, Provider> out = new LinkedHashMap<>();
    config.clients().forEach((name, client) -> out.put(name, switch (name) {
      case OAuthConfig.GOOGLE -> new GoogleProvider(vertx, client, http, idTokens);
      case OAuthConfig.GITHUB -> new GitHubProvider(vertx, client, http);
      case OAuthConfig.DISCORD -> new DiscordProvider(vertx, client, http);
      case OAuthConfig.FACEBOOK -> new FacebookProvider(vertx, client, http);
      case OAuthConfig.APPLE -> new AppleProvider(vertx, client, config.apple(), http, idTokens);
      case OAuthConfig.OPENID -> new OpenIdProvider(vertx, client, config.openid(), http, idTokens);
      default -> throw new IllegalArgumentException("no provider named " + name);
    }));
    return Map.copyOf(out);
  }
}
