package io.gatehouse.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.store.RedisStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The embedded Redis: only Gatehouse can talk to it, and one left behind by a hard kill does not live on. */
@DisplayName("The embedded Redis")
@ExtendWith(VertxExtension.class)
class EmbeddedRedisTest {
  private static String ping(Vertx vertx, String uri) throws Exception {
    Redis redis = RedisStore.client(vertx, uri);
    try {
      return redis.send(Request.cmd(Command.PING)).await(10, TimeUnit.SECONDS).toString();
    } finally {
      redis.close();
    }
  }

  @Test
  @DisplayName("asks for a password generated at start: its own URI works, the bare address is refused")
  void password(Vertx vertx, @TempDir Path dataDir) throws Exception {
    try (EmbeddedRedis redis = EmbeddedRedis.start(dataDir, 0)) {
      assertEquals("PONG", ping(vertx, redis.uri()));
      assertFalse(redis.uri().contains("redis://" + redis.address()), "the URI carries the password");
      Throwable refused = assertThrows(Throwable.class, () -> ping(vertx, "redis://" + redis.address()));
      assertTrue(String.valueOf(refused.getMessage()).contains("NOAUTH"), String.valueOf(refused));
    }
  }

  @Test
  @DisplayName("stops a Redis an earlier, hard-killed Gatehouse left running on the data folder before starting its own")
  void orphan(Vertx vertx, @TempDir Path dataDir) throws Exception {
    EmbeddedRedis left = EmbeddedRedis.start(dataDir, 0);
    long orphanPid = Long.parseLong(Files.readString(dataDir.resolve("redis").resolve(EmbeddedRedis.PID_FILE)).strip());
    assertTrue(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false));
    try (EmbeddedRedis next = EmbeddedRedis.start(dataDir, 0)) {
      assertFalse(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false), "the orphan is stopped");
      assertEquals("PONG", ping(vertx, next.uri()));
    } finally {
      left.close();
    }
  }

  @Test
  @DisplayName("refuses a data folder a live Gatehouse announces, rather than stopping that server's Redis")
  void folderInUse(@TempDir Path dataDir) throws Exception {
    Process alive = new ProcessBuilder("sleep", "60").start();
    try {
      Files.writeString(dataDir.resolve(EmbeddedStores.MARKER), new JsonObject().put("mongoUri", "mongodb://127.0.0.1:1/x")
        .put("redisUri", "redis://127.0.0.1:1").put("pid", alive.pid()).encode());
      GatehouseConfig config = GatehouseConfig.from(Map.of("DATA_DIR", dataDir.toString()));
      IllegalStateException refused = assertThrows(IllegalStateException.class, () -> EmbeddedStores.open(config));
      assertTrue(refused.getMessage().contains("in use by another Gatehouse (pid " + alive.pid() + ")"),
        refused.getMessage());
    } finally {
      alive.destroy();
    }
  }
}
