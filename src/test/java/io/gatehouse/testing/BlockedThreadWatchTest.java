package io.gatehouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The blocked-event-loop watch every suite ends with")
class BlockedThreadWatchTest {
  private static final long LIMIT_MS = 50;
  private Vertx vertx;

  @BeforeEach
  void start() {
    BlockedThreadWatch.instance().warnings();
    vertx = Vertx.vertx(new VertxOptions()
      .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
      .setMaxEventLoopExecuteTime(LIMIT_MS).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
      .setWarningExceptionTime(LIMIT_MS).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
  }

  @AfterEach
  void stop() {
    TestGatehouse.await(vertx.close());
    BlockedThreadWatch.instance().warnings();
  }

  @Test
  @DisplayName("records an event loop kept busy past the limit")
  void recordsABlock() {
    vertx.runOnContext(nothing -> busy(LIMIT_MS * 6));
    List<String> warnings = Eventually.until(Duration.ofSeconds(5), "the block is recorded",
      () -> BlockedThreadWatch.instance().warnings(), found -> !found.isEmpty());
    assertTrue(warnings.get(0).contains("has been blocked"), warnings.toString());
  }

  @Test
  @DisplayName("does not count a block caught while a class is loaded (the JVM warming up on a slow disk)")
  void ignoresClassLoading() {
    ClassLoader slow = new ClassLoader(null) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        busy(LIMIT_MS * 6);
        throw new ClassNotFoundException(name);
      }
    };
    Promise<Void> loaded = Promise.promise();
    vertx.runOnContext(nothing -> {
      try {
        slow.loadClass("io.gatehouse.NotThere");
      } catch (ClassNotFoundException expected) {
        loaded.complete();
      }
    });
    TestGatehouse.await(loaded.future());
    // the checker logs while the loop is still blocked, so anything it recorded is here by now
    assertEquals(List.of(), BlockedThreadWatch.instance().warnings());
  }

  private static void busy(long ms) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
