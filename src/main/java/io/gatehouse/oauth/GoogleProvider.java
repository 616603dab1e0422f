package io.gatehouse.oauth;

import io.gatehouse.config.OAuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Google: OpenID Connect with {@code openid profile email}; the identity is the verified id_token's. */
final class GoogleProvider implements Provider {
  private static final List<String> SCOPES = List.of("openid", "profile", "email");

  private final OAuthConfig.Client client;
  private final CodeExchange exchange;
  private final IdTokens idTokens;
  private final Set<String> issuers;

  GoogleProvider(Vertx vertx, OAuthConfig.Client client, IdTokens idTokens, long timeoutMs) {
    this.client = client;
    this.exchange = new CodeExchange(vertx, client.clientId(), client.clientSecret(), client.url("auth"),
      client.url("token"), false, timeoutMs);
    this.idTokens = idTokens;
    String issuer = client.url("issuer");
    // Google signs with either form of its issuer
    this.issuers = issuer.equals("https://accounts.google.com") ? Set.of(issuer, "accounts.google.com") : Set.of(issuer);
  }

  @Override
  public String name() {
    return OAuthConfig.GOOGLE;
  }

  @Override
  public boolean usesNonce() {
    return true;
  }

  @Override
  public Future<String> authorizeUrl(Flow flow, String redirectUri) {
    return Future.succeededFuture(exchange.authorizeUrl(flow, redirectUri, SCOPES, Map.of("nonce", flow.nonce())));
  }

  @Override
  public Future<Identity> identify(Callback callback, Flow flow, String redirectUri) {
    return exchange.exchange(callback.code(), redirectUri, null)
      .compose(tokens -> idTokens.verify(Claims.string(tokens, "id_token"), client.url("jwks"), issuers,
        client.clientId(), flow.nonce()))
      .map(claims -> new Identity(name(), Claims.string(claims, "sub"), Claims.string(claims, "email"),
        Claims.flag(claims, "email_verified"), Claims.string(claims, "given_name"), Claims.string(claims, "name"),
        Claims.string(claims, "picture"), null, null));
  }
}
