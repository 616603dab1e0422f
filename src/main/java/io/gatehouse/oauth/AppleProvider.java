package io.gatehouse.oauth;

import io.gatehouse.config.OAuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sign in with Apple: {@code name email}, the callback posted as a form, the client secret a short-lived
 * ES256 JWT signed with the team's key ({@code APPLE_PRIVATE_KEY_PATH}), and the identity (email, sub)
 * from the verified id_token. Apple sends the user's name once, on the first authorisation, as the
 * {@code user} form field.
 */
final class AppleProvider extends OAuth2Provider {
  private static final long CLIENT_SECRET_SECONDS = 300;

  private final Vertx vertx;
  private final OAuthConfig.Apple apple;
  private final JWTAuth signer;
  private final IdTokens idTokens;

  AppleProvider(Vertx vertx, OAuthConfig.Client client, OAuthConfig.Apple apple, ProviderHttp http, IdTokens idTokens) {
    super(vertx, client, List.of("name", "email"), http);
    this.vertx = vertx;
    this.apple = apple;
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
      .setAlgorithm("ES256").setId(apple.keyId()).setBuffer(apple.privateKeyPem())));
    this.idTokens = idTokens;
  }

  @Override
  public boolean usesNonce() {
    return true;
  }

  @Override
  protected Map<String, String> extraParameters(Flow flow) {
    return Map.of("response_mode", "form_post", "nonce", flow.nonce());
  }

  /** A fresh secret per exchange: it lives minutes, so a leaked one is worth little. */
  @Override
  protected Future<JsonObject> exchange(String code, String redirectUri) {
    CodeExchange exchange = new CodeExchange(vertx, client.clientId(), clientSecret(), client.url("auth"),
      client.url("token"), false, http.timeoutMs());
    return exchange.exchange(code, redirectUri, null).onComplete(done -> exchange.close());
  }

  @Override
  protected Future<Identity> identity(JsonObject tokens, Callback callback, Flow flow) {
    return idTokens.verify(Claims.string(tokens, "id_token"), client.url("jwks"), Set.of(client.url("issuer")),
        client.clientId(), flow.nonce())
      .map(claims -> identity(claims, callback.appleUser()));
  }
  /** Apple's client secret: {@code iss} team, {@code sub} client, {@code aud} Apple, signed ES256 with the key id. */
  String clientSecret() {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject().put("iss", apple.teamId()).put("sub", client.clientId())
      .put("aud", client.url("issuer")).put("iat", now).put("exp", now + CLIENT_SECRET_SECONDS);
    return signer.generateToken(claims, new JWTOptions().setAlgorithm("ES256"));
  }

  private Identity identity(JsonObject claims, String appleUser) {
    String sub = Claims.string(claims, "sub");
    String email = Claims.string(claims, "email");
    String username = email != null ? email.substring(0, Math.max(0, email.indexOf('@'))) : "user_" + sub;
    return new Identity(name(), sub, email, true, username, firstAuthorisationName(appleUser, username), null, null,
      null);
  }

  /** {@code {"name":{"firstName":..,"lastName":..}}} from the first authorisation, else the username. */
  private static String firstAuthorisationName(String appleUser, String fallback) {
    if (appleUser == null) {
      return fallback;
    }
    try {
      JsonObject name = new JsonObject(appleUser).getJsonObject("name");
      String full = ((name == null ? "" : String.valueOf(name.getValue("firstName", ""))) + " "
        + (name == null ? "" : String.valueOf(name.getValue("lastName", "")))).strip();
      return full.isEmpty() ? fallback : full;
    } catch (RuntimeException malformed) {
      return fallback;
    }
  }
}
