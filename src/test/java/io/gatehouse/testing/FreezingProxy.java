package io.gatehouse.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on loopback that can freeze: while frozen it keeps every connection open and accepts new
 * ones, but passes no byte either way, as a server that hangs without closing its sockets does.
 */
public final class FreezingProxy implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final NetServer server;
  private volatile boolean frozen;

  private FreezingProxy(int targetPort) throws Exception {
    NetClient client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(inbound -> {
      inbound.pause();
      client.connect(targetPort, "127.0.0.1").onSuccess(outbound -> {
        relay(inbound, outbound);
        relay(outbound, inbound);
        inbound.resume();
      }).onFailure(error -> inbound.close());
    });
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  /** A relay to {@code 127.0.0.1:targetPort}, passing bytes until {@link #freeze}. */
  public static FreezingProxy to(int targetPort) throws Exception {
    return new FreezingProxy(targetPort);
  }

  private void relay(NetSocket from, NetSocket to) {
    from.handler(bytes -> {
      if (!frozen) {
        to.write(bytes);
      }
    });
    from.closeHandler(v -> to.close());
  }

  public int port() {
    return server.actualPort();
  }

  public void freeze() {
    frozen = true;
  }

  public void thaw() {
    frozen = false;
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
