package io.gatehouse.gateway;

import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real chat backend for the gateway tests, in its own Vert.x on a free port. Ordinary paths echo
 * {@code {method, path, authorization, body, length, sha256}} (status from {@code X-Want-Status}, and an
 * {@code X-Upstream} header); the chat path streams an SSE answer in three chunks, the last one only
 * once the test completes the request's promise (taken from {@link #streams()}) when it sends
 * {@code X-Hold: true}, at once otherwise.
 */
final class Upstream implements AutoCloseable {
  static final String CHAT = "/api/agents/chat";
  static final List<String> CHUNKS = List.of("data: {\"text\":\"one\"}\n\n", "data: {\"text\":\"two\"}\n\n",
    "data: {\"final\":true}\n\n");

  private final Vertx vertx = Vertx.vertx();
  private final Queue<JsonObject> seen = new ConcurrentLinkedQueue<>();
  private final BlockingQueue<Promise<Void>> streams = new LinkedBlockingQueue<>();
  private final HttpServer server;
  private final int port;

  Upstream() {
    port = TestGatehouse.freePort();
    server = TestGatehouse.await(vertx.createHttpServer().requestHandler(this::handle).listen(port, "127.0.0.1"));
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      JsonObject echo = new JsonObject().put("method", request.method().name()).put("path", request.path())
        .put("authorization", request.getHeader("Authorization")).put("body", body.toString())
        .put("length", body.length()).put("sha256", sha256(body));
      seen.add(echo);
      if (request.path().startsWith(CHAT)) {
        stream(request);
        return;
      }
      String status = request.getHeader("X-Want-Status");
      request.response().setStatusCode(status == null ? 200 : Integer.parseInt(status))
        .putHeader("Content-Type", "application/json").putHeader("X-Upstream", "echo").end(echo.encode());
    });
  }

  private void stream(HttpServerRequest request) {
    request.response().setChunked(true).putHeader("Content-Type", "text/event-stream")
      .putHeader("Cache-Control", "no-cache");
    request.response().write(CHUNKS.get(0));
    request.response().write(CHUNKS.get(1));
    Promise<Void> last = Promise.promise();
    last.future().onComplete(done -> vertx.runOnContext(v -> request.response().end(CHUNKS.get(2))));
    if ("true".equals(request.getHeader("X-Hold"))) {
      streams.add(last);
    } else {
      last.complete();
    }
  }

  static String sha256(Buffer body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** What reached the backend, in order. */
  List<JsonObject> seen() {
    return List.copyOf(seen);
  }

  boolean saw(String path) {
    return seen.stream().anyMatch(echo -> path.equals(echo.getString("path")));
  }

  /** The promise ending the next held stream, once its first two chunks are written. */
  Promise<Void> nextHeldStream() {
    try {
      Promise<Void> promise = streams.poll(30, TimeUnit.SECONDS);
      if (promise == null) {
        throw new AssertionError("no held stream reached the backend");
      }
      return promise;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    streams.forEach(Promise::tryComplete);
    // closing the Vert.x closes the server and any keep-alive connection still open
    TestGatehouse.await(vertx.close());
  }
}
