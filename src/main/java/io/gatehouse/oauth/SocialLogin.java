package io.gatehouse.oauth;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Services;
import io.gatehouse.config.OAuthConfig;
import io.gatehouse.tokens.Admission;
import io.vertx.codegen.annotations.GenIgnore;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The social-login verticle's service ({@link Addresses#SOCIAL_LOGIN}). Every failure is refused with
 * {@code OAUTH_FAILED}: the browser learns only {@code auth_failed}, the security log and the metrics why.
 */
@ProxyGen
@VertxGen
public interface SocialLogin {
  /** The longest callback calls the provider four times in a row (OpenID: discovery, code, keys, userinfo). */
  int PROVIDER_CALLS = 4;
  long STORES_MS = 20_000;

  /**
   * How long a social login may wait on its provider and the stores, every provider call bounded by
   * OAUTH_HTTP_TIMEOUT: the client's bus timeout, so the flow, not the bus, times out.
   */
  @GenIgnore
  static long timeoutMs(OAuthConfig config) {
    return PROVIDER_CALLS * config.httpTimeoutMs() + STORES_MS;
  }

  /** The typed client of this node's social-login verticle. */
  @GenIgnore
  static SocialLogin client(Vertx vertx, OAuthConfig config) {
    return new SocialLoginVertxEBProxy(vertx, Addresses.SOCIAL_LOGIN, Services.local(timeoutMs(config)));
  }

  /** A login with {@code provider} begins: where the browser goes, with the binding cookie it carries. */
  Future<Redirect> start(String provider, String binding, String ip);

  /**
   * The provider's callback ({@code params}: its query or form fields): a session, the second step for an
   * account with 2FA on, or a ban.
   */
  Future<Admission> callback(String provider, JsonObject params, String binding, String ip);
}
