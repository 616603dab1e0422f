package io.gatehouse.oauth.peers;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sign in with Apple's endpoints: {@code /auth/authorize}, {@code /auth/token} (the client secret must
 * be an ES256 JWT from the team's key, which the test generates and hands Gatehouse as a .p8 file) and
 * {@code /auth/keys}. The id_token is signed ES256 by Apple's own key, also generated here.
 */
public final class ApplePeer extends OAuth2Peer {
  private static final String TEAM = "TEAM123456";
  private static final String KEY_ID = "KEY7654321";

  private final EcKey teamKey = new EcKey(KEY_ID);
  private final EcKey appleKey = new EcKey("apple-signing-1");
  private final JWTAuth teamVerifier;
  private final JWTAuth appleSigner;
  private final Path keyFile;
  private final AtomicBoolean tamper = new AtomicBoolean();

  public ApplePeer(Vertx vertx, Path folder) {
    super(vertx, "apple", "/auth/authorize", "/auth/token");
    this.teamVerifier = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
      .setAlgorithm("ES256").setBuffer(teamKey.publicPem())));
    this.appleSigner = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
      .setAlgorithm("ES256").setId(appleKey.kid()).setBuffer(appleKey.privatePem())));
    try {
      this.keyFile = Files.writeString(folder.resolve("AuthKey_" + KEY_ID + ".p8"), teamKey.privatePem());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean issuesIdToken() {
    return true;
  }

  @Override
  public boolean postsCallback() {
    return true;
  }

  @Override
  public void tamperNextIdToken() {
    tamper.set(true);
  }

  @Override
  protected void routes(Router router) {
    router.get("/auth/keys").handler(ctx -> json(ctx, new JsonObject().put("keys", new JsonArray().add(appleKey.jwk()))));
  }

  /** Apple's rule: a JWT signed by the team's key, {@code iss} the team, {@code sub} the client, {@code aud} Apple. */
  @Override
  protected io.vertx.core.Future<Boolean> validSecret(String secret) {
    if (secret == null) {
      return io.vertx.core.Future.succeededFuture(false);
    }
    return teamVerifier.authenticate(new TokenCredentials(secret)).map(user -> {
      JsonObject claims = user.attributes().getJsonObject("accessToken");
      return TEAM.equals(claims.getString("iss")) && clientId.equals(claims.getString("sub"))
        && base().equals(claims.getString("aud"));
    }).otherwise(false);
  }

  @Override
  protected JsonObject tokenResponse(String accessToken, Grant grant) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject().put("iss", base()).put("aud", clientId).put("sub", grant.person().id())
      .put("email", grant.person().email()).put("email_verified", "true").put("iat", now).put("exp", now + 600);
    if (grant.nonce() != null) {
      claims.put("nonce", grant.nonce());
    }
    String idToken = appleSigner.generateToken(claims, new JWTOptions().setAlgorithm("ES256"));
    if (tamper.getAndSet(false)) {
      idToken = IdTokenTampering.withClaim(idToken, "sub", "someone-else");
    }
    return super.tokenResponse(accessToken, grant).put("id_token", idToken).put("expires_in", 3600);
  }

  @Override
  public Map<String, String> variables() {
    return Map.of("APPLE_CLIENT_ID", clientId, "APPLE_TEAM_ID", TEAM, "APPLE_KEY_ID", KEY_ID,
      "APPLE_PRIVATE_KEY_PATH", keyFile.toString(), "APPLE_AUTH_URL", base() + authorizePath,
      "APPLE_TOKEN_URL", base() + tokenPath, "APPLE_JWKS_URL", base() + "/auth/keys", "APPLE_ISSUER", base());
  }
}
