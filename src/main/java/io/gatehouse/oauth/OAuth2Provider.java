package io.gatehouse.oauth;

import io.gatehouse.config.OAuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A provider with fixed endpoints: its scopes and extra authorisation parameters, then the code
 * exchanged and the token response turned into an identity, each subclass its own way.
 */
abstract class OAuth2Provider implements Provider {
  protected final OAuthConfig.Client client;
  protected final ProviderHttp http;
  private final CodeExchange exchange;
  private final List<String> scopes;

  OAuth2Provider(Vertx vertx, OAuthConfig.Client client, List<String> scopes, ProviderHttp http) {
    this.client = client;
    this.http = http;
    this.exchange = new CodeExchange(vertx, client.clientId(), client.clientSecret(), client.url("auth"),
      client.url("token"), false, http.timeoutMs());
    this.scopes = scopes;
  }

  @Override
  public String name() {
    return client.provider();
  }

  /** Parameters beyond the standard ones ({@code nonce}, {@code prompt}, {@code response_mode}). */
  protected Map<String, String> extraParameters(Flow flow) {
    return usesNonce() ? Map.of("nonce", flow.nonce()) : Map.of();
  }

  @Override
  public Future<String> authorizeUrl(Flow flow, String redirectUri) {
    return Future.succeededFuture(exchange.authorizeUrl(flow, redirectUri, scopes, extraParameters(flow)));
  }

  @Override
  public Future<Identity> identify(Callback callback, Flow flow, String redirectUri) {
    return exchange(callback.code(), redirectUri).compose(tokens -> identity(tokens, callback, flow));
  }

  /** The provider's token response for this code. */
  protected Future<JsonObject> exchange(String code, String redirectUri) {
    return exchange.exchange(code, redirectUri, null);
  }

  /** Who the token response says the user is: from its id_token, or from the provider's profile API. */
  protected abstract Future<Identity> identity(JsonObject tokens, Callback callback, Flow flow);

  protected static String bearer(JsonObject tokens) {
    return "Bearer " + tokens.getString("access_token");
  }
}
