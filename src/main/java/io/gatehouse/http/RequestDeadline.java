package io.gatehouse.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No request outlives a bound: one not answered within {@code REQUEST_TIMEOUT} (its body still
 * trickling in, a store that never replies, a handler that forgot to answer) gets 503 and the
 * connection is closed, and the route is logged. Social-login routes wait on the provider up to four
 * times, so theirs is at least that long. An answer the gateway is streaming from the chat backend is
 * the backend's to end. The first handler of the router, so the body's reading is bounded too.
 */
final class RequestDeadline implements PlatformHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);
  static final String TIMED_OUT = "The server did not answer in time.";

  private final long timeoutMs;
  private final long oauthTimeoutMs;
  private final String proxiedKey;
  private final HeaderDeadline headers;

  RequestDeadline(long timeoutMs, long oauthTimeoutMs, String proxiedKey, HeaderDeadline headers) {
    this.timeoutMs = timeoutMs;
    this.oauthTimeoutMs = Math.max(timeoutMs, oauthTimeoutMs);
    this.proxiedKey = proxiedKey;
    this.headers = headers;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long bound = ctx.request().path().startsWith("/oauth/") ? oauthTimeoutMs : timeoutMs;
    long timer = ctx.vertx().setTimer(bound, id -> expire(ctx, bound));
    ctx.addEndHandler(ended -> {
      ctx.vertx().cancelTimer(timer);
      headers.answered(ctx.request().connection());
    });
    ctx.next();
  }

  private void expire(RoutingContext ctx, long bound) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || ctx.get(proxiedKey) != null) {
      return;
    }
    LOG.warn("No answer within {} ms to {} {}: answered 503 and closed", bound, ctx.request().method(),
      ctx.request().path());
    if (response.headWritten()) {
      ctx.request().connection().close();
      return;
    }
    response.putHeader("Connection", "close");
    Answers.message(ctx, 503, TIMED_OUT);
  }
}
