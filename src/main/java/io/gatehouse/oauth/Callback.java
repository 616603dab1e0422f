package io.gatehouse.oauth;

import io.vertx.core.json.JsonObject;

/**
 * What came back to a callback URL: the query string, or Apple's form post ({@code user} carries the
 * name Apple sends on the first authorisation only).
 */
public record Callback(String code, String state, String error, String appleUser) {
  /** Longer values are no provider's: refused before they reach a store. */
  static final int MAX_PARAMETER = 4096;

  public static Callback of(JsonObject params) {
    return new Callback(param(params, "code"), param(params, "state"), param(params, "error"), param(params, "user"));
  }

  private static String param(JsonObject params, String name) {
    return params.getValue(name) instanceof String s && !s.isEmpty() ? s : null;
  }

  /** True when every value is within bounds. */
  boolean bounded() {
    for (String value : new String[] {code, state, error, appleUser}) {
      if (value != null && value.length() > MAX_PARAMETER) {
        return false;
      }
    }
    return true;
  }
}
