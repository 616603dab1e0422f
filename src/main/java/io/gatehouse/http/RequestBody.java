package io.gatehouse.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;

/**
 * Turns the raw body (already bounded to 3 MB by the BodyHandler) into a JSON object, as LibreChat's
 * JSON and urlencoded parsers would, and refuses field names that look like NoSQL operators before
 * anything reaches a store.
 */
public final class RequestBody implements Handler<RoutingContext> {
  private static final String KEY = "gatehouse.body";
  private static final int MAX_DEPTH = 32;
  /** Reads and bounds the body; mounted on Gatehouse's own routes only, so proxied bodies stream through. */
  private static final BodyHandler READ = BodyHandler.create(false).setBodyLimit(HttpVerticle.MAX_BODY_BYTES);

  /**
   * The body read (413 past the limit) and parsed, for a route chain. The query string is checked
   * first: reading a form body decodes it too, and a malformed escape thrown there would leave the
   * request unanswered.
   */
  static Route parse(Route route) {
    return bound(route).handler(new RequestBody());
  }

  /** The body read and bounded only, for routes that ignore it as LibreChat's do. */
  static Route bound(Route route) {
    return route.handler(QueryString.CHECK).handler(READ);
  }

  public static JsonObject of(RoutingContext ctx) {
    JsonObject body = ctx.get(KEY);
    return body == null ? new JsonObject() : body;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject body;
    try {
      body = parse(ctx);
    } catch (DecodeException | ClassCastException e) {
      Answers.json(ctx, 400, new JsonObject().put("error", "Invalid JSON format")
        .put("message", "The request body contains malformed JSON"));
      return;
    }
    if (hasOperatorKey(body, 0)) {
      Answers.message(ctx, 400, "Invalid request: field names must not start with '$' or contain '.'");
      return;
    }
    ctx.put(KEY, body);
    ctx.next();
  }

  private static JsonObject parse(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    Buffer raw = ctx.body().buffer();
    if (type == null || raw == null || raw.length() == 0) {
      return new JsonObject();
    }
    String mime = type.toLowerCase().split(";")[0].strip();
    if (mime.equals("application/json") || mime.endsWith("+json")) {
      String text = raw.toString().strip();
      if (!(text.startsWith("{") || text.startsWith("["))) {
        throw new DecodeException("JSON body must be an object or an array");
      }
      if (text.startsWith("[")) {
        new JsonArray(text);
        return new JsonObject();
      }
      return new JsonObject(text);
    }
    if (mime.equals("application/x-www-form-urlencoded")) {
      JsonObject form = new JsonObject();
      for (Map.Entry<String, String> entry : ctx.request().formAttributes()) {
        form.put(entry.getKey(), entry.getValue());
      }
      return form;
    }
    return new JsonObject();
  }

  private static boolean hasOperatorKey(Object value, int depth) {
    if (depth > MAX_DEPTH) {
      return true;
    }
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        if (entry.getKey().startsWith("$") || entry.getKey().contains(".") || hasOperatorKey(entry.getValue(), depth + 1)) {
          return true;
        }
      }
    } else if (value instanceof JsonArray array) {
      for (Object item : array) {
        if (hasOperatorKey(item, depth + 1)) {
          return true;
        }
      }
    }
    return false;
  }
}
