package io.gatehouse.devices;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * A browser that logged in to an account before, as its verified device cookie names it: the account,
 * the cookie's random nonce (which counts the device's own failures) and when it was issued (a password
 * reset or a deletion distrusts every cookie issued before it). A data object: it crosses the event bus
 * to the sessions service with a login.
 */
@DataObject
public final class Device {
  private final String userId;
  private final String nonce;
  private final long issuedAtMs;

  public Device(String userId, String nonce, long issuedAtMs) {
    this.userId = userId;
    this.nonce = nonce;
    this.issuedAtMs = issuedAtMs;
  }

  public Device(JsonObject json) {
    this(json.getString("userId"), json.getString("nonce"), json.getLong("issuedAt", 0L));
  }

  public JsonObject toJson() {
    return new JsonObject().put("userId", userId).put("nonce", nonce).put("issuedAt", issuedAtMs);
  }

  public String userId() {
    return userId;
  }

  public String nonce() {
    return nonce;
  }

  public long issuedAtMs() {
    return issuedAtMs;
  }

  /** True when this device belongs to the account {@code userId}. */
  public boolean belongsTo(String accountId) {
    return userId.equals(accountId);
  }
}
