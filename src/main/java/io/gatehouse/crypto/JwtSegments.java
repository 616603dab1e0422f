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
}
