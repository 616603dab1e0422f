package io.gatehouse.tokens;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * A session just opened or rotated: the access token and the user for the answer body, the refresh
 * token and its absolute expiry (ms since the epoch) for the cookies.
 */
@DataObject
public final class Session {
  private final String token;
  private final JsonObject user;
  private final String refreshToken;
  private final long expiration;

  public Session(String token, JsonObject user, String refreshToken, long expiration) {
    this.token = token;
    this.user = user;
    this.refreshToken = refreshToken;
    this.expiration = expiration;
  }

  public Session(JsonObject json) {
    this(json.getString("token"), json.getJsonObject("user"), json.getString("refreshToken"),
      json.getLong("expiration", 0L));
  }

  public JsonObject toJson() {
    return new JsonObject().put("token", token).put("user", user).put("refreshToken", refreshToken)
      .put("expiration", expiration);
  }

  public String token() {
    return token;
  }

  /** The user without secrets, as LibreChat's login and refresh answers show it. */
  public JsonObject user() {
    return user;
  }

  /** The account the session belongs to (a login's {@code user} has {@code id}, as LibreChat's does). */
  public String userId() {
    String id = user.getString("id");
    return id != null ? id : user.getString("_id");
  }

  public String refreshToken() {
    return refreshToken;
  }

  public long expiration() {
    return expiration;
  }
}
