package io.gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every query a request makes is served by an index of the embedded store, judged by that store's own
 * matching rule ({@code Index.canHandle}: exactly the index's keys), with the indexes Gatehouse creates
 * and the query shapes the store classes build. A new request-path query joins the list here and the
 * table in {@code store/package-info.java}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Indexes of the embedded store")
class EmbeddedIndexesTest {
  private static final String ID = "0123456789abcdef01234567";
  private final MemoryBackend backend = new MemoryBackend();
  private MongoServer server;
  private Vertx vertx;

  @BeforeAll
  void start() throws Exception {
    server = new MongoServer(backend);
    server.bind("127.0.0.1", 0);
    vertx = Vertx.vertx();
    MongoClient mongo = MongoStore.client(vertx, "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/LibreChat");
    MongoStore.ensureIndexes(mongo).compose(v -> MongoStore.ensureEmbeddedIndexes(mongo))
      .compose(v -> Future.all(
        mongo.insert(Collections.USERS, new JsonObject().put("email", "seed@example.com")),
        mongo.insert(Collections.SESSIONS, new JsonObject().put("refreshTokenHash", "seed")),
        mongo.insert(Collections.TOKENS, new JsonObject().put("token", "seed"))))
      .await(30, TimeUnit.SECONDS);
    mongo.close().await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    server.shutdownNow();
  }

  /** True when one of the collection's indexes answers the query, as the embedded store decides it. */
  private boolean served(String collection, JsonObject query) {
    MongoCollection<?> stored = backend.resolveDatabase("LibreChat").resolveCollection(collection, true);
    Document wire = new Document();
    // scalar values ($oid, $date) travel as values; other objects are operators, which the rule inspects
    query.forEach(field -> wire.put(field.getKey(), field.getValue() instanceof JsonObject json
      && !json.containsKey("$oid") && !json.containsKey("$date") ? new Document(json.getMap()) : "value"));
    return stored.getIndexes().stream().anyMatch(index -> index.canHandle(wire));
  }

  @Test
  @DisplayName("serve every request path's query: users by id and email, sessions by id and (id, hash), a link's token")
  void requestPaths() {
    Map<String, JsonObject> users = Map.of("by id", UserStore.byId(ID), "by email", UserStore.byEmail("A@example.com"));
    users.forEach((what, query) -> assertTrue(served(Collections.USERS, query), "users " + what + ": " + query));
    Map<String, JsonObject> sessions = Map.of("by id (refresh miss, delete)", SessionStore.byId(ID),
      "by id and hash (rotation, logout)", SessionStore.byIdAndHash(ID, "hash"));
    sessions.forEach((what, query) -> assertTrue(served(Collections.SESSIONS, query), "sessions " + what + ": " + query));
    assertTrue(served(Collections.TOKENS, TokenStore.byToken(ID, "password_reset", "hash")), "a link's token");
  }

  @Test
  @DisplayName("apply the rule this suite relies on: a query naming more keys than an index is not served by it")
  void ruleHolds() {
    assertFalse(served(Collections.SESSIONS, SessionStore.byIdAndHash(ID, "hash").put("user", new JsonObject().put("$oid", ID))));
    assertFalse(served(Collections.SESSIONS, new JsonObject().put("user", new JsonObject().put("$oid", ID))),
      "no index serves sessions by user on the embedded store (password change, ban, deletion scan)");
  }
}
