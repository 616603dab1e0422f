package io.gatehouse.oauth;

import static io.gatehouse.testing.TestGatehouse.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.oauth.peers.EcKey;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** id_token verification against a JWKS served on loopback: every claim that matters, and the algorithm. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("id_token verification")
class IdTokensTest {
  private static final String AUDIENCE = "client-test";
  private static final String NONCE = "n-0S6_WzA2Mj";

  private final Vertx vertx = Vertx.vertx();
  private final EcKey key = new EcKey("test-key-1");
  private final EcKey stranger = new EcKey("test-key-1");
  private final HttpServer jwks = await(vertx.createHttpServer()
    .requestHandler(request -> request.response().putHeader("Content-Type", "application/json")
      .end(new JsonObject().put("keys", new JsonArray().add(key.jwk())).encode()))
    .listen(0, "127.0.0.1"));
  private final String issuer = "http://127.0.0.1:" + jwks.actualPort();
  private final IdTokens idTokens = new IdTokens(vertx, new ProviderHttp(vertx, 5_000));

  @AfterAll
  void stop() {
    await(vertx.close());
  }

  private JsonObject claims() {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("iss", issuer).put("aud", AUDIENCE).put("sub", "user-1").put("nonce", NONCE)
      .put("iat", now).put("exp", now + 300);
  }

  private String sign(EcKey with, JsonObject claims) {
    return sign(with, claims, new JWTOptions().setAlgorithm("ES256"));
  }

  private String sign(EcKey with, JsonObject claims, JWTOptions options) {
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
      .setAlgorithm("ES256").setId(with.kid()).setBuffer(with.privatePem())));
    return signer.generateToken(claims, options);
  }

  /** The reason a token is refused, or "verified". */
  private String outcome(String token) {
    try {
      idTokens.verify(token, issuer + "/keys", Set.of(issuer), AUDIENCE, NONCE).await(10, TimeUnit.SECONDS);
      return "verified";
    } catch (OAuthFailure failure) {
      return failure.reason();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("accepts a token signed by a published key, for us, from the issuer, in time, with our nonce")
  void valid() {
    assertEquals("verified", outcome(sign(key, claims())));
  }

  @Test
  @DisplayName("refuses another issuer, another audience, an expired token, another nonce, no subject")
  void wrongClaims() {
    assertEquals("id_token_wrong_issuer", outcome(sign(key, claims().put("iss", "https://evil.test"))));
    assertEquals("id_token_invalid", outcome(sign(key, claims().put("aud", "another-client"))));
    long past = System.currentTimeMillis() / 1000 - 3600;
    assertEquals("id_token_invalid", outcome(sign(key, claims().put("iat", past - 300).put("exp", past))));
    assertEquals("nonce_mismatch", outcome(sign(key, claims().put("nonce", "another"))));
    assertEquals("nonce_mismatch", outcome(sign(key, claims().putNull("nonce"))));
    JsonObject anonymous = claims();
    anonymous.remove("sub");
    assertEquals("id_token_without_subject", outcome(sign(key, anonymous)));
  }

  @Test
  @DisplayName("refuses a token without exp or iat (it would never expire)")
  void timestamps() {
    JsonObject forever = claims();
    forever.remove("exp");
    assertEquals("id_token_without_exp_or_iat", outcome(sign(key, forever)));
    JsonObject undated = claims();
    undated.remove("iat");
    // the signer stamps iat unless told not to
    assertEquals("id_token_without_exp_or_iat", outcome(sign(key, undated,
      new JWTOptions().setAlgorithm("ES256").setNoTimestamp(true))));
  }

  @Test
  @DisplayName("with several audiences, accepts azp = our client id and refuses another or none")
  void authorizedParty() {
    JsonArray both = new JsonArray().add(AUDIENCE).add("another-client");
    assertEquals("verified", outcome(sign(key, claims().put("aud", both).put("azp", AUDIENCE))));
    assertEquals("id_token_wrong_azp", outcome(sign(key, claims().put("aud", both).put("azp", "another-client"))));
    assertEquals("id_token_wrong_azp", outcome(sign(key, claims().put("aud", both))));
    assertEquals("verified", outcome(sign(key, claims().put("aud", new JsonArray().add(AUDIENCE)))), "one audience needs no azp");
  }

  @Test
  @DisplayName("refuses a key the provider did not publish, alg none, an HMAC token and garbage")
  void signatures() {
    assertEquals("id_token_invalid", outcome(sign(stranger, claims())));
    String payload = encode(claims().encode());
    assertEquals("id_token_malformed", outcome(encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + "."));
    assertEquals("id_token_malformed", outcome(encode("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"test-key-1\"}")
      + "." + payload + ".c2lnbmF0dXJl"));
    assertEquals("id_token_malformed", outcome(null));
    assertEquals("id_token_malformed", outcome("not a token"));
  }

  private static String encode(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
