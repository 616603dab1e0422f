package io.gatehouse.oauth;

import io.gatehouse.crypto.Hashes;
import io.gatehouse.crypto.JwtSegments;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies id_tokens: signature by a key of the provider's JWKS (asymmetric algorithms only), issuer,
 * audience (our client id, and {@code azp} when there are several), {@code exp} and {@code iat} present
 * and in time, and the nonce this flow sent. The key set is cached and fetched again when a token names
 * a key it does not hold (providers rotate their keys).
 */
public final class IdTokens {
  private static final long CACHE_MS = 10 * 60_000;
  private static final long MIN_REFETCH_MS = 10_000;
  private static final int LEEWAY_SECONDS = 60;
  private static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
    "ES256", "ES384", "ES512");

  /** A fetched key set and the verifier built from it once (null when it holds no usable key). */
  private record Keys(JsonArray keys, JWTAuth verifier, long fetchedAt) {
  }

  private final Vertx vertx;
  private final ProviderHttp http;
  private final Map<String, Keys> cache = new HashMap<>();

  public IdTokens(Vertx vertx, ProviderHttp http) {
    this.vertx = vertx;
    this.http = http;
  }

  /** The verified claims, or a failed future with the reason. */
  public Future<JsonObject> verify(String idToken, String jwksUrl, Set<String> issuers, String audience, String nonce) {
    JsonObject header = header(idToken);
    if (header == null || !ALGORITHMS.contains(header.getString("alg"))) {
      return Future.failedFuture(OAuthFailure.failed("id_token_malformed"));
    }
    String kid = header.getString("kid");
    return keys(jwksUrl, audience, kid)
      .compose(keys -> check(idToken, keys))
      .compose(claims -> {
        if (!(claims.getValue("iss") instanceof String iss) || !issuers.contains(iss)) {
          return Future.failedFuture(OAuthFailure.failed("id_token_wrong_issuer"));
        }
        // Vert.x checks exp and iat only when present: a token without them would never expire
        if (!(claims.getValue("exp") instanceof Number) || !(claims.getValue("iat") instanceof Number)) {
          return Future.failedFuture(OAuthFailure.failed("id_token_without_exp_or_iat"));
        }
        // OIDC Core 3.1.3.7: with several audiences, the token must have been issued to us
        if (claims.getValue("aud") instanceof JsonArray audiences && audiences.size() > 1
          && !audience.equals(claims.getValue("azp"))) {
          return Future.failedFuture(OAuthFailure.failed("id_token_wrong_azp"));
        }
        if (nonce != null && !Hashes.constantTimeEquals(nonce, claims.getValue("nonce") instanceof String n ? n : null)) {
          return Future.failedFuture(OAuthFailure.failed("nonce_mismatch"));
        }
        if (!(claims.getValue("sub") instanceof String sub) || sub.isEmpty()) {
          return Future.failedFuture(OAuthFailure.failed("id_token_without_subject"));
        }
        return Future.succeededFuture(claims);
      });
  }

  private Future<JsonObject> check(String idToken, Keys keys) {
    if (keys.verifier == null) {
      return Future.failedFuture(OAuthFailure.failed("jwks_empty"));
    }
    Future<io.vertx.ext.auth.User> verified;
    try {
      verified = keys.verifier.authenticate(new TokenCredentials(idToken));
    } catch (RuntimeException malformed) {
      return Future.failedFuture(OAuthFailure.failed("id_token_invalid"));
    }
    return verified
      .recover(error -> Future.failedFuture(OAuthFailure.failed("id_token_invalid")))
      .map(user -> user.attributes().getJsonObject("accessToken"));
  }

  /**
   * The cached key set for this URL and audience, fetched again when stale or when it lacks the token's
   * key (at most every 10 s). Its verifier is built once per fetch: parsing the keys costs more than a check.
   */
  private Future<Keys> keys(String url, String audience, String kid) {
    long now = System.currentTimeMillis();
    String cacheKey = url + " " + audience;
    Keys cached = cache.get(cacheKey);
    boolean fresh = cached != null && now - cached.fetchedAt < CACHE_MS;
    boolean hasKid = cached != null && (kid == null || cached.keys.stream()
      .anyMatch(k -> k instanceof JsonObject j && kid.equals(j.getString("kid"))));
    if (fresh && (hasKid || now - cached.fetchedAt < MIN_REFETCH_MS)) {
      return Future.succeededFuture(cached);
    }
    return http.object(http.get(url), "jwks").map(body -> {
      JsonArray keys = body.getValue("keys") instanceof JsonArray k ? k : new JsonArray();
      Keys fetched = new Keys(keys, verifier(keys, audience), System.currentTimeMillis());
      cache.put(cacheKey, fetched);
      return fetched;
    });
  }

  private JWTAuth verifier(JsonArray keys, String audience) {
    List<JsonObject> jwks = new ArrayList<>();
    keys.forEach(key -> {
      if (key instanceof JsonObject jwk && usable(jwk)) {
        jwks.add(withAlgorithm(jwk));
      }
    });
    return jwks.isEmpty() ? null : JWTAuth.create(vertx, new JWTAuthOptions().setJwks(jwks)
      .setJWTOptions(new JWTOptions().addAudience(audience).setLeeway(LEEWAY_SECONDS)));
  }

  /** Signing keys only: RSA or EC, not marked for encryption. */
  private static boolean usable(JsonObject jwk) {
    String use = jwk.getString("use");
    String kty = jwk.getString("kty");
    return (use == null || use.equals("sig")) && ("RSA".equals(kty) || "EC".equals(kty))
      && (jwk.getString("alg") == null || ALGORITHMS.contains(jwk.getString("alg")));
  }

  /** Vert.x needs each key's algorithm; providers may leave it out (RSA means RS256, EC its curve's). */
  private static JsonObject withAlgorithm(JsonObject jwk) {
    if (jwk.getString("alg") != null) {
      return jwk;
    }
    String alg = "RSA".equals(jwk.getString("kty")) ? "RS256"
      : switch (String.valueOf(jwk.getString("crv"))) {
        case "P-384" -> "ES384";
        case "P-521" -> "ES512";
        default -> "ES256";
      };
    return jwk.copy().put("alg", alg);
  }

  private static JsonObject header(String token) {
    if (token == null || token.length() > 16_384) {
      return null;
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    try {
      return JwtSegments.decode(token.substring(0, dot));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The payload of a JWT without verifying it: for the access token a provider handed us directly. */
  static JsonObject unverifiedPayload(String token) {
    String[] parts = token == null ? new String[0] : token.split("\\.");
    if (parts.length < 2) {
      return new JsonObject();
    }
    try {
      return JwtSegments.decode(parts[1]);
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }
}
