package io.gatehouse.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis server (the binary shipped in the embedded-redis jar) on loopback, with its
 * append-only file in the data folder so bans and counters survive a restart.
 */
public final class EmbeddedRedis implements AutoCloseable {
  private final RedisServer server;
  private final String uri;

  private EmbeddedRedis(RedisServer server, String uri) {
    this.server = server;
    this.uri = uri;
  }

  /** Starts Redis on 127.0.0.1; port 0 picks a free one. */
  public static EmbeddedRedis start(Path dataDir, int port) {
    try {
      Path dir = Files.createDirectories(dataDir.resolve("redis").toAbsolutePath());
      Path binaries = Files.createDirectories(dir.resolve("bin"));
      int chosen = port == 0 ? freePort() : port;
      RedisServer server = RedisServer.newRedisServer()
        .port(chosen)
        .bind("127.0.0.1")
        .setting("dir " + dir)
        .setting("save \"\"")
        .setting("appendonly yes")
        .setting("protected-mode yes")
        .executableProvider(ExecutableProvider.newJarResourceProvider(binaries.toFile()))
        .build();
      server.start();
      return new EmbeddedRedis(server, "redis://127.0.0.1:" + chosen);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the embedded Redis: " + e.getMessage(), e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public String uri() {
    return uri;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
