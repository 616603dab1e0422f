package io.gatehouse.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client that sends its request line and headers a byte at a time cannot hold a connection: each
 * connection must deliver a complete request head within {@link #HEADERS_MS} of opening, and of the end
 * of its previous answer (which also closes kept-alive connections idle that long; Node's own default is
 * 5 s). The body is bounded by {@link RequestDeadline}. Connections waiting for a head are kept in the
 * order their clocks started and {@link #sweep} closes the overdue ones, so the bound bites within a
 * second after it passes. One instance per HTTP verticle: every connection it sees is on its event loop.
 */
final class HeaderDeadline {
  static final long HEADERS_MS = 10_000;

  private final Map<HttpConnection, Long> waiting = new LinkedHashMap<>();

  /**
   * For the server's connection handler: the clock starts when the connection opens (with HTTP/2
   * cleartext upgrades off; otherwise Vert.x hands the connection over only once it has sniffed the
   * first request).
   */
  void opened(HttpConnection connection) {
    arm(connection);
    connection.closeHandler(closed -> waiting.remove(connection));
  }

  /** Wraps the router: a request's head has arrived, so its connection's clock stops. */
  Handler<HttpServerRequest> around(Handler<HttpServerRequest> router) {
    return request -> {
      waiting.remove(request.connection());
      router.handle(request);
    };
  }

  /** A request on the connection was answered: the next one's head must come within the bound. */
  void answered(HttpConnection connection) {
    if (connection != null) {
      arm(connection);
    }
  }

  /** Closes every connection whose head is overdue. */
  void sweep(long nowMs) {
    for (Iterator<Map.Entry<HttpConnection, Long>> oldest = waiting.entrySet().iterator(); oldest.hasNext(); ) {
      Map.Entry<HttpConnection, Long> entry = oldest.next();
      if (nowMs - entry.getValue() < HEADERS_MS) {
        return;
      }
      oldest.remove();
      entry.getKey().close();
    }
  }

  private void arm(HttpConnection connection) {
    // removed first, so the map stays in the order the clocks started
    waiting.remove(connection);
    waiting.put(connection, System.currentTimeMillis());
  }
}
