package io.gatehouse.tokens;

import io.gatehouse.crypto.JwtSegments;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * HS256 and nothing else, keyed with the UTF-8 bytes of a secret string as LibreChat's jsonwebtoken
 * does, so tokens pass between the two. The header is checked before the signature, which refuses
 * {@code alg: none} and algorithm confusion whatever the library would do.
 */
final class JwtCodec {
  /** The two HS256 headers in the wild: jsonwebtoken's and Vert.x's field orders. */
  private static final Set<String> KNOWN_HEADERS = Set.of(
    encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"), encode("{\"typ\":\"JWT\",\"alg\":\"HS256\"}"));
  private static final JWTOptions SIGN_OPTIONS = new JWTOptions().setAlgorithm("HS256");

  private final JWTAuth auth;

  JwtCodec(Vertx vertx, String secret) {
    this.auth = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
      .setJWTOptions(new JWTOptions().setAlgorithm("HS256").setIgnoreExpiration(true)));
  }

  /** Signs the claims as given: the caller sets {@code iat} and {@code exp}. */
  String sign(JsonObject claims) {
    return auth.generateToken(claims, SIGN_OPTIONS);
  }

  /** The verified claims, or a failed future for anything but a well-formed, unexpired HS256 token of this key. */
  Future<JsonObject> verify(String token) {
    if (token == null || token.length() > 8192 || !hs256Header(token)) {
      return Future.failedFuture("invalid token");
    }
    // the library keeps exp, iat and nbf out of the principal; its decoded payload has every claim
    Future<io.vertx.ext.auth.User> verified;
    try {
      verified = auth.authenticate(new TokenCredentials(token));
    } catch (RuntimeException malformedClaims) {
      return Future.failedFuture("invalid token");
    }
    return verified.compose(user -> {
      JsonObject claims = user.attributes().getJsonObject("accessToken");
      return claims != null && inForce(claims)
        ? Future.succeededFuture(claims) : Future.failedFuture("token expired or not yet valid");
    });
  }

  /**
   * jsonwebtoken's time checks: refused from {@code exp} on and before {@code nbf}. Unlike Vert.x's own
   * check, a future {@code iat} is not refused: a token from a node whose clock runs ahead stays valid.
   */
  private static boolean inForce(JsonObject claims) {
    long now = System.currentTimeMillis() / 1000;
    Object exp = claims.getValue("exp");
    Object nbf = claims.getValue("nbf");
    return (exp == null || exp instanceof Number e && now < e.doubleValue())
      && (nbf == null || nbf instanceof Number n && n.doubleValue() <= now);
  }

  private static boolean hs256Header(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    String header = token.substring(0, dot);
    if (KNOWN_HEADERS.contains(header)) {
      return true;
    }
    try {
      JsonObject json = JwtSegments.decode(header);
      return "HS256".equals(json.getValue("alg")) && json.getValue("crit") == null;
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return false;
    }
  }

  private static String encode(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
