package io.gatehouse.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * A client that sends its request line and headers a byte at a time cannot hold a connection: each
 * connection must deliver a complete request head within {@link #HEADERS_MS} of opening, and of the end
 * of its previous answer (which also closes kept-alive connections idle that long; Node's own default is
 * 5 s). The body is bounded by {@link RequestDeadline}. One instance per HTTP verticle, so every
 * connection it sees is on its own event loop and a plain map will do.
 */
final class HeaderDeadline {
  static final long HEADERS_MS = 10_000;

  private final Vertx vertx;
  private final Map<HttpConnection, Long> timers = new HashMap<>();

  HeaderDeadline(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * For the server's connection handler: the clock starts when the connection opens (with HTTP/2
   * cleartext upgrades off; otherwise Vert.x hands the connection over only once it has sniffed the
   * first request).
   */
  void opened(HttpConnection connection) {
    arm(connection);
    connection.closeHandler(closed -> disarm(connection));
  }

  /** Wraps the router: a request's head has arrived, so its connection's clock stops. */
  Handler<HttpServerRequest> around(Handler<HttpServerRequest> router) {
    return request -> {
      disarm(request.connection());
      router.handle(request);
    };
  }

  /** A request on the connection was answered: the next one's head must come within the bound. */
  void answered(HttpConnection connection) {
    if (connection != null) {
      arm(connection);
    }
  }

  private void arm(HttpConnection connection) {
    disarm(connection);
    timers.put(connection, vertx.setTimer(HEADERS_MS, id -> {
      timers.remove(connection);
      connection.close();
    }));
  }

  private void disarm(HttpConnection connection) {
    Long timer = timers.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
