package io.gatehouse.bench;

import io.gatehouse.moderation.BanCache;
import io.gatehouse.cluster.Announcements;
import io.gatehouse.moderation.BanStore;
import io.gatehouse.store.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fills a running node's ban list for the moderation benchmark: {@code BanSeeder <redisUri> <count> [ip]}
 * bans {@code count} made-up addresses (so every node's near cache holds them), and the given address
 * too when one is named; {@code BanSeeder <redisUri> clear} lifts every ban again.
 */
public final class BanSeeder {
  private BanSeeder() {
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    Redis redis = RedisStore.client(vertx, args[0]);
    BanStore bans = new BanStore(redis, new Announcements(vertx, redis));
    if ("clear".equals(args[1])) {
      List<Future<BanStore.Lifted>> lifts = new ArrayList<>();
      for (String subject : bans.loadAll().await(60, TimeUnit.SECONDS).keySet()) {
        lifts.add(bans.unban(subject));
        if (lifts.size() == 200) {
          Future.all(lifts).await(60, TimeUnit.SECONDS);
          lifts.clear();
        }
      }
      Future.all(lifts).await(60, TimeUnit.SECONDS);
      System.out.println("lifted every ban");
      System.exit(0);
    }
    int count = Integer.parseInt(args[1]);
    long until = System.currentTimeMillis() + 3_600_000;
    JsonObject record = new JsonObject().put("type", "benchmark").put("violation_count", 20).put("duration", 3_600_000)
      .put("expiresAt", until);
    List<Future<Long>> writes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      writes.add(bans.ban(BanCache.ip("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)), record));
      if (writes.size() == 200) {
        Future.all(writes).await(60, TimeUnit.SECONDS);
        writes.clear();
      }
    }
    if (args.length > 2) {
      writes.add(bans.ban(BanCache.ip(args[2]), record));
    }
    Future.all(writes).await(60, TimeUnit.SECONDS);
    System.out.println("banned " + count + (args.length > 2 ? " addresses and " + args[2] : " addresses"));
    vertx.close().await(10, TimeUnit.SECONDS);
    System.exit(0);
  }
}
