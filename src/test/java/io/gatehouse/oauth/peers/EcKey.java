package io.gatehouse.oauth.peers;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** A P-256 key pair made by the test, in the forms the peers and Gatehouse need: PEM and JWK. */
public final class EcKey {
  private final KeyPair pair;
  private final String kid;

  public EcKey(String kid) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      this.pair = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    this.kid = kid;
  }

  public String kid() {
    return kid;
  }

  /** PKCS#8, as Apple's .p8 files are. */
  public String privatePem() {
    return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
  }

  public String publicPem() {
    return pem("PUBLIC KEY", pair.getPublic().getEncoded());
  }

  public JsonObject jwk() {
    ECPublicKey key = (ECPublicKey) pair.getPublic();
    return new JsonObject().put("kty", "EC").put("crv", "P-256").put("kid", kid).put("use", "sig").put("alg", "ES256")
      .put("x", coordinate(key.getW().getAffineX())).put("y", coordinate(key.getW().getAffineY()));
  }

  private static String coordinate(BigInteger value) {
    byte[] bytes = value.toByteArray();
    byte[] fixed = new byte[32];
    int from = Math.max(0, bytes.length - 32);
    System.arraycopy(bytes, from, fixed, 32 - (bytes.length - from), bytes.length - from);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
      + "\n-----END " + type + "-----\n";
  }
}
