package io.gatehouse.oauth.peers;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** What an attacker between the browser and Gatehouse would try: a signed id_token with one claim changed. */
final class IdTokenTampering {
  private IdTokenTampering() {
  }

  static String withClaim(String jwt, String claim, String value) {
    String[] parts = jwt.split("\\.");
    JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    payload.put(claim, value);
    String altered = Base64.getUrlEncoder().withoutPadding()
      .encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8));
    return parts[0] + "." + altered + "." + parts[2];
  }
}
