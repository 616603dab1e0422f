package io.gatehouse.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No request outlives a bound: one not answered within {@code REQUEST_TIMEOUT} (its body still
 * trickling in, a store that never replies, a handler that forgot to answer) gets 503 and the
 * connection is closed, and the route is logged. Social-login routes wait on the provider up to four
 * times, so theirs is at least that long. An answer the gateway is streaming from the chat backend is
 * the backend's to end. The first handler of the router, so the body's reading is bounded too.
 * <p>
 * No timer per request (it measurably slowed the hot path): requests in flight are kept in start order
 * and {@link #sweep} (every second, on this verticle's event loop) answers the overdue ones, so a
 * deadline bites within a second after it passes. One instance per HTTP verticle, so plain maps will do.
 */
final class RequestDeadline implements PlatformHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);
  static final String TIMED_OUT = "The server did not answer in time.";
  static final long SWEEP_MS = 1000;

  private final long timeoutMs;
  private final long oauthTimeoutMs;
  private final String proxiedKey;
  private final HeaderDeadline headers;
  /** Requests in flight by start time; social-login ones apart, since their bound differs. */
  private final Map<RoutingContext, Long> inFlight = new LinkedHashMap<>();
  private final Map<RoutingContext, Long> oauthInFlight = new LinkedHashMap<>();

  RequestDeadline(long timeoutMs, long oauthTimeoutMs, String proxiedKey, HeaderDeadline headers) {
    this.timeoutMs = timeoutMs;
    this.oauthTimeoutMs = Math.max(timeoutMs, oauthTimeoutMs);
    this.proxiedKey = proxiedKey;
    this.headers = headers;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Map<RoutingContext, Long> tracked = ctx.request().path().startsWith("/oauth/") ? oauthInFlight : inFlight;
    tracked.put(ctx, System.currentTimeMillis());
    ctx.addEndHandler(ended -> {
      tracked.remove(ctx);
      headers.answered(ctx.request().connection());
    });
    ctx.next();
  }

  /** Answers every request past its bound. */
  void sweep(long nowMs) {
    sweep(inFlight, timeoutMs, nowMs);
    sweep(oauthInFlight, oauthTimeoutMs, nowMs);
  }

  private void sweep(Map<RoutingContext, Long> tracked, long bound, long nowMs) {
    for (Iterator<Map.Entry<RoutingContext, Long>> oldest = tracked.entrySet().iterator(); oldest.hasNext(); ) {
      Map.Entry<RoutingContext, Long> entry = oldest.next();
      if (nowMs - entry.getValue() < bound) {
        return;
      }
      oldest.remove();
      expire(entry.getKey(), bound);
    }
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
