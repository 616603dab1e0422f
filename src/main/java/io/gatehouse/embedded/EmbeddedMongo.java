package io.gatehouse.embedded;

import de.bwaldvogel.mongo.MongoServer;
import io.gatehouse.embedded.storage.Storage;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A MongoDB-wire-protocol server inside the JVM, on loopback, persisting to one file in the data folder
 * ({@link Storage}). The real Mongo client talks to it over TCP. It is for the embedded default and
 * tests only: it ignores TTL, which is why expiry is always checked on read and a sweep removes what
 * has expired.
 */
public final class EmbeddedMongo implements AutoCloseable {
  public static final String DATABASE = "LibreChat";

  private final Storage backend;
  private final MongoServer server;
  private final String uri;

  private EmbeddedMongo(Storage backend, MongoServer server, String uri) {
    this.backend = backend;
    this.server = server;
    this.uri = uri;
  }

  /** Opens {@code dataDir/mongo.mv.db} and listens on 127.0.0.1 (port 0 picks a free one). */
  public static EmbeddedMongo start(Path dataDir, int port) {
    Storage backend = Storage.open(dataDir.resolve("mongo.mv.db"));
    MongoServer server = new MongoServer(backend);
    server.bind("127.0.0.1", port);
    InetSocketAddress address = server.getLocalAddress();
    return new EmbeddedMongo(backend, server, "mongodb://127.0.0.1:" + address.getPort() + "/" + DATABASE);
  }

  public String uri() {
    return uri;
  }

  @Override
  public void close() {
    server.shutdownNow();
    backend.close();
  }
}
