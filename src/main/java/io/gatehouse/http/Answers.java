package io.gatehouse.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** How Gatehouse answers, in LibreChat's shapes: JSON {@code {message}}, plain text, or a redirect. */
public final class Answers {
  public static final String JSON = "application/json; charset=utf-8";
  public static final String TEXT = "text/html; charset=utf-8";
  public static final String BANNED = "Your account has been temporarily banned due to violations of our service.";

  private Answers() {
  }

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    json(ctx, status, body.toBuffer());
  }

  public static void json(RoutingContext ctx, int status, Buffer body) {
    HttpServerResponse response = ctx.response();
    if (response.ended()) {
      return;
    }
    response.setStatusCode(status).putHeader("Content-Type", JSON).end(body);
  }

  /** Express's {@code res.status(200).json()}: JSON content type, a zero-length body (LibreChat's 2FA successes). */
  public static void emptyJson(RoutingContext ctx) {
    json(ctx, 200, Buffer.buffer());
  }

  public static void message(RoutingContext ctx, int status, String message) {
    json(ctx, status, new JsonObject().put("message", message));
  }

  /** Express's {@code res.send(string)}: a text/html body. */
  public static void text(RoutingContext ctx, int status, String text) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", TEXT).end(text);
    }
  }

  /** Express's {@code res.redirect(path)}: 302 whatever status was set before. */
  public static void redirect(RoutingContext ctx, String location) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(302).putHeader("Location", location)
        .putHeader("Content-Type", "text/plain; charset=utf-8").end("Found. Redirecting to " + location);
    }
  }

  /** LibreChat's ban answer, plus how long it lasts. */
  public static void banned(RoutingContext ctx, long until, long now) {
    if (until > now) {
      header(ctx, "Retry-After", String.valueOf(Math.max(1, (until - now + 999) / 1000)));
    }
    message(ctx, 403, BANNED);
  }

  /**
   * A header for the answer still to come; nothing once the answer is on its way (a request past
   * REQUEST_TIMEOUT was answered already when its late work finishes).
   */
  public static void header(RoutingContext ctx, String name, String value) {
    if (!ctx.response().headWritten()) {
      ctx.response().putHeader(name, value);
    }
  }
}
