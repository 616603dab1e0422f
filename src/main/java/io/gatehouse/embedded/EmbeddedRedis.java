package io.gatehouse.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis server (the binary shipped in the embedded-redis jar) on loopback, with its
 * append-only file in the data folder so bans and counters survive a restart. It asks for a password
 * generated at each start (another local user cannot connect to it), and records its pid so that a
 * Redis left running by a Gatehouse that was killed hard is stopped before a new one opens the same files.
 */
public final class EmbeddedRedis implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
  static final String PID_FILE = "redis.pid";
  private static final Duration ORPHAN_STOP = Duration.ofSeconds(5);

  private final RedisServer server;
  private final String uri;
  private final String address;

  private EmbeddedRedis(RedisServer server, String uri, String address) {
    this.server = server;
    this.uri = uri;
    this.address = address;
  }

  /** Starts Redis on 127.0.0.1; port 0 picks a free one. */
  public static EmbeddedRedis start(Path dataDir, int port) {
    try {
      Path dir = Files.createDirectories(dataDir.resolve("redis").toAbsolutePath());
      Path binaries = Files.createDirectories(dir.resolve("bin"));
      stopOrphan(dir.resolve(PID_FILE));
      int chosen = port == 0 ? freePort() : port;
      String password = password();
      RedisServer server = RedisServer.newRedisServer()
        .port(chosen)
        .bind("127.0.0.1")
        .setting("dir " + dir)
        .setting("pidfile " + dir.resolve(PID_FILE))
        .setting("requirepass " + password)
        .setting("save \"\"")
        .setting("appendonly yes")
        .setting("protected-mode yes")
        .executableProvider(ExecutableProvider.newJarResourceProvider(binaries.toFile()))
        .build();
      server.start();
      String address = "127.0.0.1:" + chosen;
      return new EmbeddedRedis(server, "redis://:" + password + "@" + address, address);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the embedded Redis: " + e.getMessage(), e);
    }
  }

  /**
   * A Redis still running from this data folder: its Gatehouse was killed before it could stop it. Two
   * of them would write one append-only file, so it is stopped first.
   */
  static void stopOrphan(Path pidFile) throws IOException {
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    Optional<ProcessHandle> orphan = parsePid(Files.readString(pidFile).strip()).flatMap(ProcessHandle::of)
      .filter(ProcessHandle::isAlive)
      .filter(process -> process.info().command().map(command -> command.contains("redis-server")).orElse(false));
    if (orphan.isPresent()) {
      ProcessHandle process = orphan.get();
      LOG.warn("Stopping the embedded Redis (pid {}) left running by an earlier Gatehouse on this data folder",
        process.pid());
      process.destroy();
      try {
        process.onExit().get(ORPHAN_STOP.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception stillRunning) {
        process.destroyForcibly();
      }
    }
    Files.deleteIfExists(pidFile);
  }

  private static Optional<Long> parsePid(String text) {
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String password() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The URI to connect with, password included: keep it out of logs ({@link #address}). */
  public String uri() {
    return uri;
  }

  /** Host and port, fit to log. */
  public String address() {
    return address;
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
