package io.gatehouse.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Pattern;

/** Mongo extended JSON as the Vert.x client speaks it ({@code $oid}, {@code $date}), and back to API JSON. */
public final class Documents {
  private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-fA-F]{24}");
  /** What JavaScript's {@code Date.toJSON()} prints: always milliseconds, always Z. */
  private static final DateTimeFormatter JS_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
    .withZone(ZoneOffset.UTC);

  private Documents() {
  }

  public static boolean isObjectId(String value) {
    return value != null && OBJECT_ID.matcher(value).matches();
  }

  public static JsonObject oid(String hex) {
    return new JsonObject().put("$oid", hex);
  }

  public static JsonObject date(Instant instant) {
    return new JsonObject().put("$date", JS_DATE.format(instant));
  }

  public static JsonObject date(long epochMillis) {
    return date(Instant.ofEpochMilli(epochMillis));
  }

  /** Reads a {@code $date} value (string or number form); null when absent. */
  public static Instant instant(Object value) {
    if (value instanceof JsonObject json && json.containsKey("$date")) {
      Object date = json.getValue("$date");
      if (date instanceof Number n) {
        return Instant.ofEpochMilli(n.longValue());
      }
      if (date instanceof JsonObject numberLong && numberLong.containsKey("$numberLong")) {
        return Instant.ofEpochMilli(Long.parseLong(numberLong.getString("$numberLong")));
      }
      return Instant.parse(String.valueOf(date));
    }
    if (value instanceof String text) {
      return Instant.parse(text);
    }
    return null;
  }

  /** The hex id of an {@code _id} or reference field, whichever form the driver returned. */
  public static String id(Object value) {
    if (value instanceof JsonObject json && json.containsKey("$oid")) {
      return json.getString("$oid");
    }
    return value == null ? null : value.toString();
  }

  public static String isoDate(Instant instant) {
    return JS_DATE.format(instant);
  }

  /** Turns extended JSON into what LibreChat's Express answers show: ids as hex, dates as ISO strings. */
  public static Object toApi(Object value) {
    if (value instanceof JsonObject json) {
      if (json.size() == 1 && json.containsKey("$oid")) {
        return json.getString("$oid");
      }
      if (json.size() == 1 && json.containsKey("$date")) {
        return isoDate(instant(json));
      }
      JsonObject out = new JsonObject();
      for (Map.Entry<String, Object> entry : json) {
        out.put(entry.getKey(), toApi(entry.getValue()));
      }
      return out;
    }
    if (value instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      array.forEach(item -> out.add(toApi(item)));
      return out;
    }
    return value;
  }
}
