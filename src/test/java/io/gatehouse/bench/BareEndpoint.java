package io.gatehouse.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;

/**
 * The yardstick for {@code GET /api/user}: a bare Vert.x server, one verticle per core like Gatehouse,
 * answering a user JSON of the same size with no routing, no token check and no cache.
 * Usage: {@code BareEndpoint <port> <json-file>}; runs until killed.
 */
public final class BareEndpoint extends VerticleBase {
  private final int port;
  private final Buffer body;

  private BareEndpoint(int port, Buffer body) {
    this.port = port;
    this.body = body;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer().requestHandler(request -> request.response()
      .putHeader("Content-Type", "application/json; charset=utf-8").end(body)).listen(port, "127.0.0.1");
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Buffer body = Buffer.buffer(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(args[1])));
    int cores = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(cores));
    vertx.deployVerticle(() -> new BareEndpoint(port, body), new DeploymentOptions().setInstances(cores))
      .await();
    System.out.println("bare endpoint on 127.0.0.1:" + port);
  }
}
