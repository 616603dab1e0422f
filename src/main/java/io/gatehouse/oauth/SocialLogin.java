package io.gatehouse.oauth;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Services;
import io.gatehouse.tokens.Admission;
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
  /** The typed client of this node's social-login verticle; {@code timeoutMs} outlasts every provider call. */
  static SocialLogin client(Vertx vertx, long timeoutMs) {
    return new SocialLoginVertxEBProxy(vertx, Addresses.SOCIAL_LOGIN, Services.local(timeoutMs));
  }

  /** A login with {@code provider} begins: where the browser goes, with the binding cookie it carries. */
  Future<Redirect> start(String provider, String binding, String ip);

  /**
   * The provider's callback ({@code params}: its query or form fields): a session, the second step for an
   * account with 2FA on, or a ban.
   */
  Future<Admission> callback(String provider, JsonObject params, String binding, String ip);
}
