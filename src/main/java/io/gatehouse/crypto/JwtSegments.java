package io.gatehouse.crypto;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reading a JWT's shape without trusting it: one base64url segment (header or payload) as JSON. */
public final class JwtSegments {
  private JwtSegments() {
  }

  /** Throws (IllegalArgumentException, DecodeException, ClassCastException) when it is not a JSON object segment. */
  public static JsonObject decode(String base64url) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8));
  }

  /** The payload of a three-segment JWT, unverified, or null when the token has no such shape. */
  public static JsonObject payload(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      return decode(parts[1]);
    } catch (RuntimeException malformed) {
      return null;
    }
  }
}
