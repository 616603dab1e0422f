package io.gatehouse.oauth;

import io.vertx.core.Future;

/**
 * One social login provider. Everything that differs between providers (scopes, endpoints, how the
 * user's identity is read and verified) lives behind this interface; the flow around it is shared.
 */
public interface Provider {
  /** The route name: {@code /oauth/<name>}. */
  String name();

  /** Whether this provider's flows carry a nonce (those that return an id_token do). */
  default boolean usesNonce() {
    return false;
  }

  /** Whether this provider's flows carry a PKCE verifier. */
  default boolean usesPkce() {
    return false;
  }

  /** The provider's authorisation URL for this flow, the browser's next stop. */
  Future<String> authorizeUrl(Flow flow, String redirectUri);

  /** Exchanges the callback's code and says who the user is, verified; fails with an {@link OAuthFailure}. */
  Future<Identity> identify(Callback callback, Flow flow, String redirectUri);
}
