package io.gatehouse.bench;

import io.gatehouse.accounts.AccountCreator;
import io.gatehouse.store.Collections;
import io.gatehouse.store.Documents;
import io.gatehouse.store.MongoStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.MongoClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.types.ObjectId;

/**
 * Loads LibreChat-shaped users and sessions into a store by direct inserts, for bench/scale.sh:
 * {@code ScaleSeeder <mongoUri> <users>} adds that many users (one bcrypt hash shared) and two sessions
 * each, one in ten of them expired; {@code ScaleSeeder <mongoUri> --empty} drops the users, sessions and
 * tokens collections first (a real MongoDB; the embedded store starts from a fresh data folder).
 */
public final class ScaleSeeder {
  private static final int BATCH = 1_000;
  /** A bcrypt-shaped hash shared by every seeded user (they never log in; the benchmark's own user does). */
  private static final String HASH = "$2a$10$KrDZQbyH2RIhZI4Dt1d5tO7p2wW0jB3qg6V0u5o2Gx0oXl3iY7w9a";

  private ScaleSeeder() {
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    MongoClient mongo = MongoStore.maintenanceClient(vertx, args[0]);
    if (args[1].equals("--empty")) {
      for (String collection : List.of(Collections.USERS, Collections.SESSIONS, Collections.TOKENS)) {
        mongo.dropCollection(collection).otherwiseEmpty().await(300, TimeUnit.SECONDS);
      }
      System.out.println("emptied " + args[0]);
      vertx.close().await(30, TimeUnit.SECONDS);
      System.exit(0);
    }
    int users = Integer.parseInt(args[1]);
    long now = System.currentTimeMillis();
    List<BulkOperation> userBatch = new ArrayList<>();
    List<BulkOperation> sessionBatch = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      String id = new ObjectId().toHexString();
      userBatch.add(BulkOperation.createInsert(AccountCreator.newDocument("Seeded User " + i, "seeded" + i,
        "seeded-" + i + "-" + id + "@example.com", true, HASH, "local", AccountCreator.ROLE_USER).put("_id", id)));
      for (int s = 0; s < 2; s++) {
        boolean expired = (2 * i + s) % 10 == 0;
        sessionBatch.add(BulkOperation.createInsert(new JsonObject().put("_id", new ObjectId().toHexString())
          .put("refreshTokenHash", Long.toHexString(Double.doubleToLongBits(Math.random())) + id + s)
          .put("expiration", Documents.date(now + (expired ? -3_600_000L : 7 * 86_400_000L)))
          .put("user", Documents.oid(id)).put("__v", 0)));
      }
      if (userBatch.size() == BATCH) {
        flush(mongo, userBatch, sessionBatch);
      }
    }
    flush(mongo, userBatch, sessionBatch);
    System.out.println("seeded " + users + " users and " + 2 * users + " sessions");
    vertx.close().await(30, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static void flush(MongoClient mongo, List<BulkOperation> users, List<BulkOperation> sessions) throws Exception {
    if (!users.isEmpty()) {
      mongo.bulkWrite(Collections.USERS, users).await(300, TimeUnit.SECONDS);
      mongo.bulkWrite(Collections.SESSIONS, sessions).await(300, TimeUnit.SECONDS);
    }
    users.clear();
    sessions.clear();
  }
}
