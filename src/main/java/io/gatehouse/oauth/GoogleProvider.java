package io.gatehouse.oauth;

import io.gatehouse.config.OAuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** Google: OpenID Connect with {@code openid profile email}; the identity is the verified id_token's. */
final class GoogleProvider extends OAuth2Provider {
  private final IdTokens idTokens;
  private final Set<String> issuers;

  GoogleProvider(Vertx vertx, OAuthConfig.Client client, ProviderHttp http, IdTokens idTokens) {
    super(vertx, client, List.of("openid", "profile", "email"), http);
    this.idTokens = idTokens;
    String issuer = client.url("issuer");
    // Google signs with either form of its issuer
    this.issuers = issuer.equals("https://accounts.google.com") ? Set.of(issuer, "accounts.google.com") : Set.of(issuer);
  }

  @Override
  public boolean usesNonce() {
    return true;
  }

  @Override
  protected Future<Identity> identity(JsonObject tokens, Callback callback, Flow flow) {
    return idTokens.verify(Claims.string(tokens, "id_token"), client.url("jwks"), issuers, client.clientId(), flow.nonce())
      .map(claims -> new Identity(name(), Claims.string(claims, "sub"), Claims.string(claims, "email"),
        Claims.flag(claims, "email_verified"), Claims.string(claims, "given_name"), Claims.string(claims, "name"),
        Claims.string(claims, "picture"), null, null));
  }
}
