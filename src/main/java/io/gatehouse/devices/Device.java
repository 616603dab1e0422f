package io.gatehouse.devices;

import io.vertx.core.json.JsonObject;

/**
 * A browser that logged in to an account before, as its verified device cookie names it: the account,
 * the cookie's random nonce (which counts the device's own failures) and when it was issued (a password
 * reset or a deletion distrusts every cookie issued before it).
 */
public record Device(String userId, String nonce, long issuedAtMs) {
  /** The shape that crosses the event bus; {@link #of} reads it back. */
  public JsonObject toJson() {
    return new JsonObject().put("userId", userId).put("nonce", nonce).put("issuedAt", issuedAtMs);
  }

  /** The device in a bus body, or null when there is none (or it is malformed). */
  public static Device of(JsonObject json) {
    if (json == null || !(json.getValue("userId") instanceof String userId) || !(json.getValue("nonce") instanceof String nonce)
      || !(json.getValue("issuedAt") instanceof Number issuedAt)) {
      return null;
    }
    return new Device(userId, nonce, issuedAt.longValue());
  }

  /** True when this device belongs to the account {@code userId}. */
  public boolean belongsTo(String accountId) {
    return userId.equals(accountId);
  }
}
