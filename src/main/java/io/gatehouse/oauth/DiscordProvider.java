package io.gatehouse.oauth;

import io.gatehouse.config.OAuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** Discord: {@code identify email} with {@code prompt=none}; the profile from {@code /users/@me}. */
final class DiscordProvider extends OAuth2Provider {
  DiscordProvider(Vertx vertx, OAuthConfig.Client client, ProviderHttp http) {
    super(vertx, client, List.of("identify", "email"), http);
  }

  @Override
  protected Map<String, String> extraParameters(Flow flow) {
    return Map.of("prompt", "none");
  }

  @Override
  protected Future<Identity> identity(JsonObject tokens, Callback callback, Flow flow) {
    return http.object(http.get(client.url("user")).putHeader("Authorization", bearer(tokens)), "profile")
      .map(profile -> {
        // Discord hands out addresses it never confirmed: such an address proves nothing, so it is not used
        boolean verified = Claims.flag(profile, "verified");
        return new Identity(name(), Claims.string(profile, "id"), verified ? Claims.string(profile, "email") : null,
          verified, Claims.string(profile, "username"), Claims.first(profile, "global_name", "username"),
          avatar(profile), null, null);
      });
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
