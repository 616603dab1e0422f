package io.gatehouse.embedded;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A MongoDB-wire-protocol server inside the JVM, on loopback, persisting to an H2 file in the data
 * folder. The real Mongo client talks to it over TCP. It is for the embedded default and tests only:
 * it ignores TTL and non-unique indexes, which is why expiry is always checked on read.
 */
public final class EmbeddedMongo implements AutoCloseable {
  public static final String DATABASE = "LibreChat";

  private final H2Backend backend;
  private final MongoServer server;
  private final String uri;

  private EmbeddedMongo(H2Backend backend, MongoServer server, String uri) {
    this.backend = backend;
    this.server = server;
    this.uri = uri;
  }

  /** Opens {@code dataDir/mongo.mv.db} and listens on 127.0.0.1 (port 0 picks a free one). */
  public static EmbeddedMongo start(Path dataDir, int port) {
    H2Backend backend = new H2Backend(dataDir.resolve("mongo.mv.db").toString());
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
