package io.gatehouse.tokens;

import io.gatehouse.crypto.JwtSegments;
import io.gatehouse.store.Documents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Access and refresh tokens as LibreChat issues them. Access: {@code id, username, provider, email}
 * signed with JWT_SECRET. Refresh: {@code id, sessionId} signed with JWT_REFRESH_SECRET, expiring with
 * the session. Ours also carry {@code iat_ms} (issue time in ms, so a revocation can cut exactly) and
 * refresh tokens a random {@code jti} (a rotation within one second never reissues the same string).
 * Either kind presented as the other is refused even if both secrets were equal.
 */
public final class Tokens {
  public static final String ISSUED_AT_MS = "iat_ms";
  private static final long TWO_FACTOR_TEMP_SECONDS = 300;

  private final JwtCodec access;
  private final JwtCodec refresh;
  private final long accessLifetimeMs;
  private final SecureRandom random = new SecureRandom();

  public Tokens(Vertx vertx, JwtSecrets secrets, long accessLifetimeMs) {
    this.access = new JwtCodec(vertx, secrets.access());
    this.refresh = new JwtCodec(vertx, secrets.refresh());
    this.accessLifetimeMs = accessLifetimeMs;
  }

  public String accessToken(JsonObject user, long nowMs) {
    JsonObject claims = new JsonObject()
      .put("id", Documents.id(user.getValue("_id")))
      .put("username", user.getValue("username"))
      .put("provider", user.getValue("provider"))
      .put("email", user.getValue("email"))
      .put(ISSUED_AT_MS, nowMs)
      .put("iat", nowMs / 1000)
      .put("exp", (nowMs + accessLifetimeMs) / 1000);
    return access.sign(claims);
  }

  public String refreshToken(String userId, String sessionId, long expirationMs, long nowMs) {
    JsonObject claims = new JsonObject()
      .put("id", userId)
      .put("sessionId", sessionId)
      .put("jti", randomHex())
      .put(ISSUED_AT_MS, nowMs)
      .put("iat", nowMs / 1000)
      .put("exp", expirationMs / 1000);
    return refresh.sign(claims);
  }

  /**
   * LibreChat's 2FA temp token: {@code {userId, twoFAPending: true}}, 5 minutes, signed with JWT_SECRET.
   * It carries no {@code id}, so it never passes as an access token, and a random {@code jti}, which the
   * second step spends so that one temp token opens one session.
   */
  public String twoFactorTempToken(String userId, long nowMs) {
    JsonObject claims = new JsonObject()
      .put("userId", userId)
      .put("twoFAPending", true)
      .put("jti", randomHex())
      .put(ISSUED_AT_MS, nowMs)
      .put("iat", nowMs / 1000)
      .put("exp", nowMs / 1000 + TWO_FACTOR_TEMP_SECONDS);
    return access.sign(claims);
  }

  /** Claims of a valid access token: it has a user id and is not a refresh token. */
  public Future<JsonObject> verifyAccess(String token) {
    return access.verify(token).compose(claims ->
      Documents.isObjectId(stringClaim(claims, "id")) && !claims.containsKey("sessionId")
        ? Future.succeededFuture(claims)
        : Future.failedFuture("not an access token"));
  }

  /** A verified 2FA temp token: whose it is, the {@code jti} that spends it, when it was issued and ends. */
  public record TempToken(String userId, String jti, long issuedAtMs, long expiresAtMs) {
  }

  /** A valid 2FA temp token: {@code twoFAPending} set, a user id and a {@code jti}, nothing of an access token. */
  public Future<TempToken> verifyTwoFactorTemp(String token) {
    return access.verify(token).compose(claims ->
      Boolean.TRUE.equals(claims.getValue("twoFAPending")) && Documents.isObjectId(stringClaim(claims, "userId"))
        && stringClaim(claims, "jti") != null && claims.getValue("exp") instanceof Number exp
        && !claims.containsKey("id") && !claims.containsKey("sessionId")
        ? Future.succeededFuture(new TempToken(claims.getString("userId"), claims.getString("jti"), issuedAtMs(claims),
          exp.longValue() * 1000))
        : Future.failedFuture("not a 2FA temp token"));
  }

  /**
   * When a token was issued: {@code iat_ms} when it has it (ours), else the start of its {@code iat}
   * second (LibreChat's), else 0 (a token that says nothing predates every revocation).
   */
  public static long issuedAtMs(JsonObject claims) {
    if (claims.getValue(ISSUED_AT_MS) instanceof Number ms) {
      return ms.longValue();
    }
    return claims.getValue("iat") instanceof Number seconds ? seconds.longValue() * 1000 : 0;
  }

  private String randomHex() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * The session a refresh token names (its {@code sessionId}, as LibreChat's tokens carry it too), read
   * without checking the signature: logout matches the token's hash as well. Null when there is none.
   */
  public static String sessionIdOf(String refreshToken) {
    JsonObject payload = JwtSegments.payload(refreshToken);
    return payload != null && payload.getValue("sessionId") instanceof String id ? id : null;
  }

  /** Claims of a valid refresh token: a user id and a session id, nothing of an access token. */
  public Future<JsonObject> verifyRefresh(String token) {
    return refresh.verify(token).compose(claims ->
      Documents.isObjectId(stringClaim(claims, "id")) && Documents.isObjectId(stringClaim(claims, "sessionId"))
        // ours always carry an expiry: the session's absolute end, which the next token keeps
        && claims.getValue("exp") instanceof Number && !claims.containsKey("email")
        ? Future.succeededFuture(claims)
        : Future.failedFuture("not a refresh token"));
  }

  private static String stringClaim(JsonObject claims, String name) {
    return claims.getValue(name) instanceof String s ? s : null;
  }
}
