package io.gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.bson.Document;
import io.gatehouse.embedded.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every query a request or a sweep makes is served by an index of the embedded store, judged by that
 * store's own rule ({@code Index.canHandle}), with the indexes Gatehouse creates and the query shapes the
 * store classes build. A new query joins the list here and the table in {@code store/package-info.java}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Indexes of the embedded store")
class EmbeddedIndexesTest {
  private static final String ID = "0123456789abcdef01234567";
  private Storage backend;
  private MongoServer server;
  private Vertx vertx;

  @BeforeAll
  void start() throws Exception {
    backend = Storage.open(Files.createTempDirectory("indexes").resolve("mongo.mv.db"));
    server = new MongoServer(backend);
    server.bind("127.0.0.1", 0);
    vertx = Vertx.vertx();
    MongoClient mongo = MongoStore.client(vertx, "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/LibreChat");
    MongoStore.ensureIndexes(mongo)
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
  @DisplayName("serve every request path's query: users by id, email and provider id; sessions by id, (id, hash) and user; a link's token")
  void requestPaths() {
    Map<String, JsonObject> users = Map.of("by id", UserStore.byId(ID), "by email", UserStore.byEmail("A@example.com"),
      "by a provider's id (social login)", UserStore.byField("githubId", "12345"),
      "2FA compare-and-set", TwoFactorStore.stepClaim(ID, 42));
    users.forEach((what, query) -> assertTrue(served(Collections.USERS, query), "users " + what + ": " + query));
    MongoStore.PROVIDER_ID_FIELDS.forEach(field ->
      assertTrue(served(Collections.USERS, UserStore.byField(field, "1")), "users by " + field));
    Map<String, JsonObject> sessions = Map.of("by id (refresh miss, delete)", SessionStore.byId(ID),
      "by id and hash (rotation, logout)", SessionStore.byIdAndHash(ID, "hash"),
      "by user (password change, ban, deletion)", SessionStore.byUser(ID));
    sessions.forEach((what, query) -> assertTrue(served(Collections.SESSIONS, query), "sessions " + what + ": " + query));
    assertTrue(served(Collections.TOKENS, TokenStore.byToken(ID, "password_reset", "hash")), "a link's token");
    assertTrue(served(Collections.TOKENS, TokenStore.byUserAndType(ID, "password_reset")), "a new link replaces the old");
  }

  @Test
  @DisplayName("serve the sweeps' queries: expired sessions, their deletion by id, expired one-time tokens")
  void sweeps() {
    assertTrue(served(Collections.SESSIONS, SessionStore.expiredAt(1_000)), "expired sessions");
    assertTrue(served(Collections.SESSIONS, SessionStore.byIds(new JsonArray().add(ID))), "sessions by ids");
    assertTrue(served(Collections.TOKENS, TokenStore.expiredOfType("password_reset", 1_000)), "expired tokens");
  }

  @Test
  @DisplayName("apply the rule this suite relies on: a query missing an index's leading key is not served by it")
  void ruleHolds() {
    assertFalse(served(Collections.SESSIONS, new JsonObject().put("refreshTokenHash", "hash")),
      "no index serves sessions by hash alone");
    assertFalse(served(Collections.TOKENS, new JsonObject().put("type", "password_reset")), "nor tokens by type alone");
  }
}
