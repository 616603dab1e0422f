package io.gatehouse.oauth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reading provider JSON defensively: a field of the wrong type counts as absent. */
final class Claims {
  private Claims() {
  }

  /** A non-empty string field, else null. */
  static String string(JsonObject json, String field) {
    Object value = json == null || field == null ? null : json.getValue(field);
    if (value instanceof Number n) {
      return n.toString();
    }
    return value instanceof String s && !s.isBlank() ? s.strip() : null;
  }

  /** The first of the fields that holds a non-empty string. */
  static String first(JsonObject json, String... fields) {
    for (String field : fields) {
      String value = string(json, field);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** {@code true} or {@code "true"}. */
  static boolean flag(JsonObject json, String field) {
    Object value = json.getValue(field);
    return Boolean.TRUE.equals(value) || "true".equals(value);
  }

  /**
   * The strings at a dotted path ({@code realm_access.roles}), as lodash's get finds them: an array of
   * strings, or one string.
   */
  static List<String> strings(JsonObject json, String path) {
    Object value = json;
    for (String step : path.split("\\.")) {
      if (!(value instanceof JsonObject object)) {
        return List.of();
      }
      value = object.getValue(step);
    }
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(item -> {
        if (item instanceof String s) {
          out.add(s);
        }
      });
    } else if (value instanceof String s) {
      out.add(s);
    }
    return out;
  }
}
