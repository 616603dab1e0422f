package io.gatehouse.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Seeded generators of hostile request parts: JSON of random types and depth, huge and odd strings,
 * raw bytes, junk cookies and bearer values. No generated string contains '@' followed by a domain, so
 * no generated registration is ever valid and no generated login can succeed.
 */
public final class HostileInput {
  private static final List<String> FIELDS = List.of("email", "password", "confirm_password", "name", "username",
    "token", "refreshToken", "id", "role", "provider", "__proto__", "constructor", "", " ", "émail", "日本");
  private static final List<String> ODD = List.of("", " ", "        ", "null", "undefined", "true", "0", "-1",
    "NaN", "Infinity", "{}", "[]", "a@b", "@@", "victim@example", "victim@.com", "\u0000", "\r\n\r\n",
    "\uD800", "\uDFFF", "\uFEFF", "\u202Egnp.exe", "<script>alert(1)</script>", "'; DROP TABLE users; --",
    "{\"$gt\":\"\"}", "../../etc/passwd", "%00", "\\", "\"", "ＡＢＣ", "😀😀😀😀😀😀😀😀😀", "ä".repeat(200));
  private static final String ALPHABET = "abcXYZ019 _-.$#%&*(){}[]<>/\\'\";:=!?,~`^|+\t\n\u00e9\u00df\u65e5\u0416\u0928😀\u0000";

  private final Random random;

  public HostileInput(long seed) {
    this.random = new Random(seed);
  }

  public Random random() {
    return random;
  }

  public String string() {
    int kind = random.nextInt(10);
    if (kind < 4) {
      return ODD.get(random.nextInt(ODD.size()));
    }
    if (kind == 9 && random.nextInt(4) == 0) {
      return "x".repeat(200_000 + random.nextInt(800_000));
    }
    int length = kind < 8 ? random.nextInt(40) : random.nextInt(5_000);
    StringBuilder out = new StringBuilder(length);
    while (out.length() < length) {
      out.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0,
        random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
    }
    return out.toString();
  }

  /** A JSON value of any type, nested up to {@code depth} more levels. */
  public Object value(int depth) {
    int kind = random.nextInt(depth > 0 ? 11 : 8);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> random.nextInt();
      case 3 -> random.nextLong();
      case 4 -> random.nextDouble() * Math.pow(10, random.nextInt(600) - 300);
      case 5, 6, 7 -> string();
      case 8, 9 -> object(depth - 1);
      default -> array(depth - 1);
    };
  }

  public JsonObject object(int depth) {
    JsonObject object = new JsonObject();
    int fields = random.nextInt(6);
    for (int i = 0; i < fields; i++) {
      String key = random.nextInt(3) == 0 ? string() : FIELDS.get(random.nextInt(FIELDS.size()));
      object.put(key.length() > 200 ? key.substring(0, 200) : key, value(depth));
    }
    return object;
  }

  public JsonArray array(int depth) {
    JsonArray array = new JsonArray();
    int items = random.nextInt(5);
    for (int i = 0; i < items; i++) {
      array.add(value(depth));
    }
    return array;
  }

  /** A body as bytes: usually JSON (objects, arrays, scalars, deep nesting), sometimes not JSON at all. */
  public Buffer body() {
    int kind = random.nextInt(12);
    return switch (kind) {
      case 0 -> Buffer.buffer(nested(random.nextInt(3) == 0 ? 5_000 : 40 + random.nextInt(60)));
      case 1 -> Buffer.buffer(Json.scalar(value(0)));
      case 2 -> array(4).toBuffer();
      case 3 -> {
        byte[] bytes = new byte[random.nextInt(2_000)];
        random.nextBytes(bytes);
        yield Buffer.buffer(bytes);
      }
      case 4 -> {
        String json = object(4).encode();
        yield Buffer.buffer(json.substring(0, random.nextInt(json.length() + 1)));
      }
      case 5 -> Buffer.buffer("{\"email\":1e999999,\"password\":-0.0e-99999,\"name\":123456789012345678901234567890}");
      case 6 -> Buffer.buffer("{\"email\":\"a\",\"email\":\"b\",\"password\":\"\\ud800\\udc00\\u0000\"}");
      default -> object(5).toBuffer();
    };
  }

  public String contentType() {
    return switch (random.nextInt(8)) {
      case 0 -> "text/plain";
      case 1 -> "application/x-www-form-urlencoded";
      case 2 -> "application/json; charset=utf-16";
      case 3 -> "application/vnd.api+json";
      case 4 -> "multipart/form-data; boundary=xyz";
      default -> "application/json";
    };
  }

  /** A junk value for a cookie or an Authorization header: printable ASCII, JWT-shaped or not. */
  public String token() {
    String unsignedNone = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64("{\"id\":\"" + hex(24)
      + "\",\"sessionId\":\"" + hex(24) + "\",\"email\":\"x\",\"exp\":99999999999}") + ".";
    return switch (random.nextInt(8)) {
      case 0 -> unsignedNone;
      case 1 -> b64("{\"alg\":\"HS256\"}") + "." + b64("{\"id\":\"" + hex(24) + "\"}") + "." + b64(hex(32));
      case 2 -> "a.b.c";
      case 3 -> "...";
      case 4 -> "x".repeat(1 + random.nextInt(3_000)); // two of these stay under the 8 KB header limit
      case 5 -> "%7B%22%24gt%22%3A%22%22%7D";
      default -> {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(300);
        for (int i = 0; i < length; i++) {
          out.append((char) (0x21 + random.nextInt(0x7e - 0x21)));
        }
        yield out.toString().replace(";", "").replace(",", "");
      }
    };
  }

  private String nested(int depth) {
    boolean arrays = random.nextBoolean();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      out.append(arrays ? "[" : "{\"email\":");
    }
    out.append("1");
    for (int i = 0; i < depth; i++) {
      out.append(arrays ? "]" : "}");
    }
    return out.toString();
  }

  private String hex(int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }

  private static String b64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static final class Json {
    static String scalar(Object value) {
      return new JsonArray().add(value).encode().replaceAll("^\\[|\\]$", "");
    }
  }
}
