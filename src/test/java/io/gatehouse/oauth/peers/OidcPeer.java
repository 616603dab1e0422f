package io.gatehouse.oauth.peers;

import java.util.HashMap;
import java.util.Map;

/**
 * Google and generic OpenID Connect, both served by {@link MockIdp} under their own issuer: Google's
 * endpoints given one by one ({@code GOOGLE_*_URL}), OpenID's found by discovery from {@code OPENID_ISSUER}.
 */
public final class OidcPeer implements Peer {
  private final MockIdp idp;
  private final String name;
  private final String clientId;
  private volatile Map<String, String> loginForm;

  public OidcPeer(MockIdp idp, String name) {
    this.idp = idp;
    this.name = name;
    this.clientId = "client-" + name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean issuesIdToken() {
    return true;
  }

  @Override
  public void tamperNextIdToken() {
    idp.tamperNextIdToken();
  }

  @Override
  public void nextUser(Person person) {
    nextUser(person, Map.of());
  }

  /** The next login is this person, with extra claims (roles, ...). */
  public void nextUser(Person person, Map<String, Object> extra) {
    Map<String, Object> claims = new HashMap<>(Map.of("email", person.email(), "email_verified", person.emailVerified(),
      "name", person.name(), "given_name", person.username(), "preferred_username", person.username(),
      "picture", person.avatar()));
    claims.putAll(extra);
    loginForm = Map.of("username", person.id(), "claims", new io.vertx.core.json.JsonObject(claims).encode());
  }

  @Override
  public Map<String, String> loginForm() {
    return loginForm;
  }

  @Override
  public Map<String, String> variables() {
    String prefix = name.toUpperCase();
    Map<String, String> out = new HashMap<>(Map.of(prefix + "_CLIENT_ID", clientId,
      prefix + "_CLIENT_SECRET", "secret-" + name));
    String issuer = idp.issuer(name);
    if (name.equals("google")) {
      out.putAll(Map.of("GOOGLE_AUTH_URL", issuer + "/authorize", "GOOGLE_TOKEN_URL", issuer + "/token",
        "GOOGLE_JWKS_URL", issuer + "/jwks", "GOOGLE_ISSUER", issuer));
    } else {
      out.put("OPENID_ISSUER", issuer);
    }
    return out;
  }

  @Override
  public void close() {
    // the shared MockIdp is closed by whoever made it
  }
}
