package io.gatehouse.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds, signs and reads JWTs the way LibreChat's jsonwebtoken does (HMAC over the UTF-8 bytes of the
 * secret string), so tests can forge tokens a test node must accept or refuse.
 */
public final class Jwts {
  /** jsonwebtoken's header, field order included. */
  public static final String JSONWEBTOKEN_HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

  private Jwts() {
  }

  /** The JWT secrets a test node generated into its data folder. */
  public record Secrets(String access, String refresh) {
  }

  public static Secrets secrets(TestGatehouse server) {
    try {
      JsonObject json = new JsonObject(Files.readString(server.dataDir().resolve("jwt-secrets.json"),
        StandardCharsets.UTF_8));
      return new Secrets(json.getString("JWT_SECRET"), json.getString("JWT_REFRESH_SECRET"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An HS256 token with jsonwebtoken's header. */
  public static String hs256(JsonObject claims, String secret) {
    return sign(JSONWEBTOKEN_HS256, claims.encode(), "HmacSHA256", secret);
  }

  /** A token with the given raw header and payload JSON, signed with the given JCA MAC algorithm. */
  public static String sign(String headerJson, String payloadJson, String macAlgorithm, String secret) {
    String signingInput = encode(headerJson) + "." + encode(payloadJson);
    return signingInput + "." + mac(signingInput, macAlgorithm, secret);
  }

  /** An {@code alg: none} token: no signature at all. */
  public static String unsigned(JsonObject claims) {
    return encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + encode(claims.encode()) + ".";
  }

  /** The decoded payload of a token (not verified). */
  public static JsonObject payload(String token) {
    return new JsonObject(decode(token.split("\\.")[1]));
  }

  /** The token with its payload replaced but its original header and signature kept. */
  public static String withPayload(String token, JsonObject payload) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + encode(payload.encode()) + "." + parts[2];
  }

  /** Seconds since the epoch, as {@code iat} and {@code exp} count. */
  public static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  public static String encode(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  public static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }

  private static String mac(String input, String algorithm, String secret) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
      return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
