package io.gatehouse.oauth;

import io.gatehouse.crypto.Hashes;
import java.util.Base64;

/** RFC 7636 S256: the challenge is the base64url SHA-256 of the (ASCII) verifier. */
final class Pkce {
  private Pkce() {
  }

  static String challenge(String verifier) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Hashes.sha256(verifier));
  }
}
