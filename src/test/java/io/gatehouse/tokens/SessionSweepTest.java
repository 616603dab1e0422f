package io.gatehouse.tokens;

import static io.gatehouse.testing.InProcessStores.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.gatehouse.store.Collections;
import io.gatehouse.store.Documents;
import io.gatehouse.store.MongoStore;
import io.gatehouse.store.SessionStore;
import io.gatehouse.store.SweepChoice;
import io.gatehouse.store.TokenStore;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.InProcessStores;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expired-session sweep on the real stores: in batches by id, live sessions kept, one node per
 * interval, on its timer wherever no TTL index does its work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The expired-session sweep")
class SessionSweepTest {
  private InProcessStores stores;
  private SessionStore sessions;
  private final List<String> deployments = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path dir) {
    stores = InProcessStores.start(dir);
    sessions = new SessionStore(stores.mongo());
  }

  @AfterAll
  void stop() {
    stores.close();
  }

  @BeforeEach
  void empty() {
    await(stores.mongo().removeDocuments(Collections.SESSIONS, new JsonObject()));
    stores.flushRedis();
  }

  /** {@code count} sessions of one user expiring at {@code expiration}. */
  private void insert(int count, long expiration) {
    String user = SessionStore.newId();
    List<Future<Void>> inserts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inserts.add(sessions.create(SessionStore.newId(), user, "hash-" + i, expiration));
    }
    await(Future.all(inserts));
  }

  /** A sweep deployed on the stores' Vert.x (it paces itself with timers), its own timer an hour away. */
  private SessionSweepVerticle deployed() {
    SessionSweepVerticle sweep = new SessionSweepVerticle(sessions, stores.redis(), 3_600_000);
    deployments.add(await(stores.vertx().deployVerticle(sweep)));
    return sweep;
  }

  @AfterEach
  void undeploy() {
    deployments.forEach(id -> await(stores.vertx().undeploy(id)));
    deployments.clear();
  }

  private long count(JsonObject query) {
    return await(stores.mongo().count(Collections.SESSIONS, query));
  }

  @Test
  @DisplayName("removes every expired session, more than one query's worth of them, and keeps the live ones")
  void removesExpired() {
    long now = System.currentTimeMillis();
    insert(1_234, now - 1_000);
    insert(25, now + 3_600_000);

    int removed = await(deployed().run());

    assertEquals(1_234, removed);
    assertEquals(25, count(new JsonObject()));
    assertEquals(0, count(new JsonObject().put("expiration", new JsonObject().put("$lte", Documents.date(now)))));
  }

  @Test
  @DisplayName("runs on one node per interval: a second node finds the lease taken and removes nothing")
  void oneNodePerInterval() {
    insert(10, System.currentTimeMillis() - 1_000);
    SessionSweepVerticle first = deployed();
    SessionSweepVerticle second = deployed();

    assertEquals(10, await(first.run()));
    insert(5, System.currentTimeMillis() - 1_000);
    assertEquals(0, await(second.run()), "the lease of this interval is the first node's");
    assertEquals(5, count(new JsonObject()));
  }

  @Test
  @DisplayName("keeps sweeping on its timer on the embedded store, which lists its indexes without the TTL it ignores")
  void embeddedSweepsOnItsTimer() {
    insert(20, System.currentTimeMillis() - 1_000);
    SessionSweepVerticle sweep = new SessionSweepVerticle(sessions, stores.redis(), 100);
    String deployment = await(stores.vertx().deployVerticle(sweep));
    try {
      assertTrue(await(sweep.chosen()).sweep());
      Eventually.until(Duration.ofSeconds(10), "the timer's run removes the expired sessions",
        () -> count(new JsonObject()), left -> left == 0);
    } finally {
      await(stores.vertx().undeploy(deployment));
    }
  }

  @Test
  @DisplayName("reads the index list through the client: a server listing the TTL indexes on sessions.expiration and "
    + "tokens.expiresAt, as a real MongoDB does, means no sweep")
  void readsTheIndexList() throws Exception {
    // the library's own backends list indexes as they were created, TTL included, as MongoDB does
    MongoServer listing = new MongoServer(new MemoryBackend());
    listing.bind("127.0.0.1", 0);
    // a client of its own (MongoStore.client shares one pool per Vert.x instance)
    MongoClient mongo = MongoClient.create(stores.vertx(), new JsonObject()
      .put("connection_string", "mongodb://127.0.0.1:" + listing.getLocalAddress().getPort() + "/LibreChat"));
    try {
      await(MongoStore.ensureIndexes(mongo));
      SessionSweepVerticle sweep = new SessionSweepVerticle(new SessionStore(mongo), stores.redis(), 100);
      String deployment = await(stores.vertx().deployVerticle(sweep));
      try {
        SweepChoice choice = await(sweep.chosen());
        assertFalse(choice.sweep(), choice.reason());
        assertTrue(choice.reason().contains("sessions.expiration_1"), choice.reason());
      } finally {
        await(stores.vertx().undeploy(deployment));
      }
      SweepChoice tokens = await(new TokenStore(mongo).sweepChoice());
      assertFalse(tokens.sweep(), tokens.reason());
      assertTrue(tokens.reason().contains("tokens.expiresAt_1"), tokens.reason());
    } finally {
      await(mongo.close());
      listing.shutdownNow();
    }
  }

  @Test
  @DisplayName("sweeps on the embedded store even when reached as any MongoDB (a shared one, through MONGO_URI)")
  void embeddedListsNoTtl() {
    SweepChoice sessionsChoice = await(sessions.sweepChoice());
    assertTrue(sessionsChoice.sweep(), sessionsChoice.reason());
    SweepChoice tokens = await(new TokenStore(stores.mongo()).sweepChoice());
    assertTrue(tokens.sweep(), tokens.reason());
  }
}
