package io.gatehouse.oauth;

import io.vertx.core.json.JsonObject;

/**
 * One authorisation in progress, kept in Redis under its {@code state} until the callback takes it:
 * the provider, the hash of the browser's binding cookie, and the PKCE verifier and nonce when used.
 */
public record Flow(String state, String provider, String bindingHash, String verifier, String nonce) {
  JsonObject toJson() {
    return new JsonObject().put("provider", provider).put("binding", bindingHash).put("verifier", verifier)
      .put("nonce", nonce);
  }

  static Flow fromJson(String state, JsonObject json) {
    return new Flow(state, json.getString("provider"), json.getString("binding"), json.getString("verifier"),
      json.getString("nonce"));
  }
}
