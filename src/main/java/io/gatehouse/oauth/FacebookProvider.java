package io.gatehouse.oauth;

import io.gatehouse.config.OAuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Facebook: {@code public_profile}; the profile from the Graph API's {@code /me} with fields {@code id,email,name}. */
final class FacebookProvider extends OAuth2Provider {
  FacebookProvider(Vertx vertx, OAuthConfig.Client client, ProviderHttp http) {
    super(vertx, client, List.of("public_profile"), http);
  }

  @Override
  protected Future<Identity> identity(JsonObject tokens, Callback callback, Flow flow) {
    return http.object(http.get(client.url("user")).addQueryParam("fields", "id,email,name")
        .putHeader("Authorization", bearer(tokens)), "profile")
      // Facebook only hands out confirmed addresses
      .map(profile -> new Identity(name(), Claims.string(profile, "id"), Claims.string(profile, "email"), true,
        Claims.string(profile, "name"), Claims.string(profile, "name"), null, null, null));
  }
}
