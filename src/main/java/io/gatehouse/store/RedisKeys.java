package io.gatehouse.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading a family of Redis keys without blocking Redis: SCAN by pattern, then one MGET. */
public final class RedisKeys {
  private RedisKeys() {
  }

  /** Every key matching the pattern with its value (keys that vanished in between are left out). */
  public static Future<Map<String, String>> values(Redis redis, String pattern) {
    return scan(redis, pattern, "0", new ArrayList<>()).compose(keys -> {
      if (keys.isEmpty()) {
        return Future.succeededFuture(Map.of());
      }
      Request mget = Request.cmd(Command.MGET);
      keys.forEach(mget::arg);
      return redis.send(mget).map(values -> {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
          Response value = values.get(i);
          if (value != null) {
            out.put(keys.get(i), value.toString());
          }
        }
        return out;
      });
    });
  }

  /** Every key matching the pattern. */
  public static Future<List<String>> keys(Redis redis, String pattern) {
    return scan(redis, pattern, "0", new ArrayList<>());
  }

  private static Future<List<String>> scan(Redis redis, String pattern, String cursor, List<String> found) {
    return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(500))
      .compose(page -> {
        page.get(1).forEach(key -> found.add(key.toString()));
        String next = page.get(0).toString();
        return "0".equals(next) ? Future.succeededFuture(found) : scan(redis, pattern, next, found);
      });
  }
}
