package io.gatehouse.embedded.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.gatehouse.store.MongoStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's file, through the real Mongo client over TCP: what is written reads back the
 * same after a restart, non-unique indexes answer what a scan would, indexes are not rebuilt at open,
 * and a file in the library's own format is converted without losing a document.
 */
@DisplayName("The embedded store's file")
class StorageTest {
  private static final String DB = "LibreChat";
  @TempDir
  Path dir;
  private Vertx vertx;
  private MongoServer server;
  private MongoClient mongo;

  @BeforeEach
  void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private Path file() {
    return dir.resolve("mongo.mv.db");
  }

  private void open(MongoBackend backend) {
    server = new MongoServer(backend);
    server.bind("127.0.0.1", 0);
    mongo = MongoStore.client(vertx, "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/" + DB);
  }

  private Storage open() {
    Storage storage = Storage.open(file());
    open(storage);
    return storage;
  }

  private void close() throws Exception {
    if (mongo != null) {
      mongo.close().await(10, TimeUnit.SECONDS);
      mongo = null;
    }
    if (server != null) {
      server.shutdownNow();
      server = null;
    }
  }

  private <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.await(20, TimeUnit.SECONDS);
  }

  private static JsonObject oid(String hex) {
    return new JsonObject().put("$oid", hex);
  }

  private static JsonObject date(long ms) {
    return new JsonObject().put("$date", java.time.Instant.ofEpochMilli(ms).toString());
  }

  private static String hex(int i) {
    return String.format("%024x", i + 1);
  }

  /** Sessions of five users, one in three already expired at t = 1,000,000. */
  private void seedSessions(int count) throws Exception {
    await(mongo.createIndexWithOptions("sessions", new JsonObject().put("user", 1), new IndexOptions()));
    await(mongo.createIndexWithOptions("sessions", new JsonObject().put("expiration", 1),
      new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)));
    List<JsonObject> sessions = IntStream.range(0, count).mapToObj(i -> new JsonObject().put("_id", oid(hex(i)))
      .put("user", oid(hex(1000 + i % 5))).put("expiration", date(i % 3 == 0 ? 999_000 : 2_000_000))).toList();
    for (JsonObject session : sessions) {
      await(mongo.insert("sessions", session));
    }
  }

  private Set<String> ids(JsonObject query) throws Exception {
    return await(mongo.findWithOptions("sessions", query, new FindOptions().setFields(new JsonObject().put("_id", 1))))
      .stream().map(doc -> doc.getString("_id")).collect(Collectors.toSet());
  }

  private static JsonObject byUser(int user) {
    return new JsonObject().put("user", oid(hex(1000 + user)));
  }

  private static JsonObject expiredAt(long ms) {
    return new JsonObject().put("expiration", new JsonObject().put("$lte", date(ms)));
  }

  private static Set<String> expected(int count, Function<Integer, Boolean> match) {
    return IntStream.range(0, count).filter(match::apply).mapToObj(StorageTest::hex).collect(Collectors.toSet());
  }

  @Test
  @DisplayName("read back every BSON type the stores write, the same after a restart")
  void roundTrip() throws Exception {
    open();
    JsonObject user = new JsonObject().put("_id", oid(hex(7))).put("name", "Zoë 😀").put("email", "a@example.com")
      .put("emailVerified", true).put("role", "USER").put("plugins", new JsonArray().add("x").add(2))
      .put("backupCodes", new JsonArray().add(new JsonObject().put("codeHash", "h").put("used", false).putNull("usedAt")))
      .put("createdAt", date(1_700_000_000_123L)).put("count", 3).put("big", 9_007_199_254_740_993L).put("ratio", 0.25)
      .put("nested", new JsonObject().put("deep", new JsonObject().put("deeper", "yes")))
      .put("binary", new JsonObject().put("$binary", "AAEC"));
    await(mongo.insert("users", user));
    JsonObject written = await(mongo.findOne("users", new JsonObject().put("_id", oid(hex(7))), null));
    user.fieldNames().stream().filter(field -> !field.equals("_id") && !field.equals("binary"))
      .forEach(field -> assertEquals(user.getValue(field), written.getValue(field), field));
    close();
    open();
    assertEquals(written, await(mongo.findOne("users", new JsonObject().put("_id", oid(hex(7))), null)));
  }

  @Test
  @DisplayName("answer equality and range queries through a non-unique index exactly as a scan would, across updates, deletes and a restart")
  void secondaryIndex() throws Exception {
    Storage storage = open();
    seedSessions(60);
    assertTrue(servedBy(storage, "sessions", new Document("user", "x"), "user_1"));
    assertTrue(servedBy(storage, "sessions", new Document("expiration", new Document("$lte", 1)), "expiration_1"));
    assertEquals(expected(60, i -> i % 5 == 2), ids(byUser(2)));
    assertEquals(expected(60, i -> i % 3 == 0), ids(expiredAt(1_000_000)));
    assertEquals(expected(60, i -> true), ids(expiredAt(3_000_000)));
    assertEquals(Set.of(), ids(expiredAt(1_000)));
    assertEquals(expected(60, i -> i % 3 != 0), ids(new JsonObject().put("expiration", new JsonObject().put("$gt", date(1_000_000)))));

    // move session 2 to user 3, expire session 4, delete every session of user 1
    await(mongo.updateCollection("sessions", new JsonObject().put("_id", oid(hex(2))),
      new JsonObject().put("$set", new JsonObject().put("user", oid(hex(1003))))));
    await(mongo.updateCollection("sessions", new JsonObject().put("_id", oid(hex(4))),
      new JsonObject().put("$set", new JsonObject().put("expiration", date(500_000)))));
    await(mongo.removeDocuments("sessions", byUser(1)));
    close();
    storage = open();

    assertTrue(servedBy(storage, "sessions", new Document("user", "x"), "user_1"));
    assertEquals(expected(60, i -> i % 5 == 3 || i == 2), ids(byUser(3)));
    assertEquals(expected(60, i -> i % 5 == 2 && i != 2), ids(byUser(2)));
    assertEquals(Set.of(), ids(byUser(1)));
    assertEquals(expected(60, i -> i % 5 != 1 && (i % 3 == 0 || i == 4)), ids(expiredAt(1_000_000)));
    assertEquals(Set.of(hex(4)), ids(expiredAt(600_000)));
  }

  @Test
  @DisplayName("let an index serve a query naming more fields than its keys, applying the whole query to what it finds")
  void widerQueries() throws Exception {
    Storage storage = open();
    seedSessions(30);
    Document byIdAndHash = new Document("_id", "x").append("refreshTokenHash", "h");
    assertTrue(servedBy(storage, "sessions", byIdAndHash, "_id_"));
    assertTrue(servedBy(storage, "sessions", new Document("user", "x").append("expiration", new Document("$gt", 1)), "user_1"));
    assertEquals(expected(30, i -> i % 5 == 4 && i % 3 != 0),
      ids(byUser(4).put("expiration", new JsonObject().put("$gt", date(1_000_000)))));
    assertEquals(Set.of(), ids(new JsonObject().put("_id", oid(hex(3))).put("user", oid(hex(1000)))));
    assertEquals(Set.of(hex(3)), ids(new JsonObject().put("_id", oid(hex(3))).put("user", oid(hex(1003)))));
  }

  /** True when the named index is the first that accepts the query, as the collection picks one. */
  private static boolean servedBy(Storage storage, String collection, Document query, String index) {
    List<? extends Index<?>> indexes = storage.resolveDatabase(DB).resolveCollection(collection, true).getIndexes();
    return indexes.stream().filter(candidate -> candidate.canHandle(query)).findFirst()
      .map(Index::getName).filter(index::equals).isPresent();
  }

  @Test
  @DisplayName("trust a finished index at open instead of reading every document, and rebuild one whose build never finished")
  void noRebuildAtOpen() throws Exception {
    open();
    seedSessions(20);
    close();
    String map = DB + ".sessions" + StorageDatabase.INDEX_INFIX + "user_1";
    MVStore store = Storage.builder(file()).open();
    MVMap<Object, Object> entries = store.openMap(map, new MVMap.Builder<>().keyType(KeyType.INSTANCE).valueType(KeyType.INSTANCE));
    entries.remove(entries.firstKey()); // session 0's entry, of user 0
    store.close();

    open();
    assertEquals(expected(20, i -> i % 5 == 0 && i != 0), ids(byUser(0)), "the finished index was read as it is, not rebuilt");
    close();

    store = Storage.builder(file()).open();
    store.openMap(StorageDatabase.BUILT).remove(map);
    store.close();
    open();
    assertEquals(expected(20, i -> i % 5 == 0), ids(byUser(0)), "an unfinished index is built again from the documents");
  }

  @Test
  @DisplayName("keep refusing a duplicate key on a unique index, before and after a restart")
  void uniqueIndex() throws Exception {
    open();
    await(mongo.createIndexWithOptions("users", new JsonObject().put("email", 1), new IndexOptions().unique(true)));
    await(mongo.insert("users", new JsonObject().put("email", "a@example.com")));
    assertThrows(Exception.class, () -> await(mongo.insert("users", new JsonObject().put("email", "a@example.com"))));
    close();
    open();
    assertThrows(Exception.class, () -> await(mongo.insert("users", new JsonObject().put("email", "a@example.com"))));
    await(mongo.insert("users", new JsonObject().put("email", "b@example.com")));
    assertEquals(2L, await(mongo.count("users", new JsonObject())));
  }

  @Test
  @DisplayName("convert a file in the library's own format once, keeping every document and index")
  void convertsTheLibraryFormat() throws Exception {
    open(new H2Backend(file().toString()));
    await(mongo.createIndexWithOptions("users", new JsonObject().put("email", 1), new IndexOptions().unique(true)));
    seedSessions(25);
    for (int i = 0; i < 10; i++) {
      await(mongo.insert("users", new JsonObject().put("_id", oid(hex(1000 + i))).put("email", i + "@example.com")
        .put("createdAt", date(1_000L * i))));
    }
    close();

    Storage storage = open();
    assertTrue(storage.getMvStore().hasMap(Storage.FORMAT));
    assertEquals(10L, await(mongo.count("users", new JsonObject())));
    assertEquals(date(3_000L), await(mongo.findOne("users", new JsonObject().put("email", "3@example.com"), null)).getJsonObject("createdAt"));
    assertThrows(Exception.class, () -> await(mongo.insert("users", new JsonObject().put("email", "3@example.com"))));
    assertTrue(servedBy(storage, "sessions", new Document("user", "x"), "user_1"));
    assertEquals(expected(25, i -> i % 5 == 1), ids(byUser(1)));
    assertEquals(expected(25, i -> i % 3 == 0), ids(expiredAt(1_000_000)));
    assertFalse(storage.getMvStore().getMapNames().stream().anyMatch(name -> name.startsWith("gatehouse.upgrade.")));
  }
}
