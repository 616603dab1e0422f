package io.gatehouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@DisplayName("The event-loop watch every suite ends with")
class EventLoopWatchTest {
  private static final long LIMIT_MS = 50;
  private Vertx vertx;

  @BeforeEach
  void start() {
    EventLoopWatch.instance().warnings();
    vertx = Vertx.vertx(new VertxOptions()
      .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
      .setMaxEventLoopExecuteTime(LIMIT_MS).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
      .setWarningExceptionTime(LIMIT_MS).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
  }

  @AfterEach
  void stop() {
    TestGatehouse.await(vertx.close());
    EventLoopWatch.instance().warnings();
  }

  @Test
  @DisplayName("records an event loop kept busy past the limit")
  void recordsABlock() {
    vertx.runOnContext(nothing -> busy(LIMIT_MS * 6));
    List<String> warnings = Eventually.until(Duration.ofSeconds(5), "the block is recorded",
      () -> EventLoopWatch.instance().warnings(), found -> !found.isEmpty());
    assertTrue(warnings.get(0).contains("has been blocked"), warnings.toString());
  }

  @Test
  @DisplayName("records an exception a handler left unhandled, on an event loop or a worker")
  void recordsUnhandled() {
    EventLoopWatch.watch(vertx);
    vertx.runOnContext(nothing -> {
      throw new IllegalStateException("thrown by a handler");
    });
    List<String> warnings = Eventually.until(Duration.ofSeconds(5), "the exception is recorded",
      () -> EventLoopWatch.instance().warnings(), found -> !found.isEmpty());
    assertTrue(warnings.get(0).startsWith("unhandled exception: java.lang.IllegalStateException: thrown by a handler"),
      warnings.toString());
  }

  @Test
  @DisplayName("does not count a library's own assert (production runs without -ea), but does count one of ours")
  void libraryAssertions() {
    EventLoopWatch.watch(vertx);
    AssertionError library = new AssertionError();
    library.setStackTrace(new StackTraceElement[] {new StackTraceElement("io.vertx.redis.client.impl.Conn", "end", null, 1)});
    AssertionError ours = new AssertionError("ours");
    ours.setStackTrace(new StackTraceElement[] {new StackTraceElement("io.gatehouse.store.UserStore", "insert", null, 1)});
    vertx.runOnContext(nothing -> {
      throw library;
    });
    vertx.runOnContext(nothing -> {
      throw ours;
    });
    List<String> warnings = Eventually.until(Duration.ofSeconds(5), "our assertion is recorded",
      () -> EventLoopWatch.instance().warnings(), found -> !found.isEmpty());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("ours"), warnings.toString());
  }

  @Test
  @DisplayName("does not count a block sampled in the JDK reading a class from a jar, but does count our code inside a class load")
  void classLoading() {
    EventLoopWatch watch = EventLoopWatch.instance();
    watch.append(blocked(
      frame("java.io.RandomAccessFile", "readBytes"),
      frame("jdk.internal.loader.BuiltinClassLoader", "loadClass"),
      frame("java.lang.ClassLoader", "loadClass"),
      frame("io.gatehouse.store.UserStore", "insert")));
    assertEquals(List.of(), watch.warnings(), "the JVM warming up");

    watch.append(blocked(
      frame("io.gatehouse.SomeInitialiser", "<clinit>"),
      frame("java.lang.ClassLoader", "loadClass"),
      frame("io.gatehouse.store.UserStore", "insert")));
    watch.append(blocked(frame("java.lang.Thread", "sleep"), frame("io.gatehouse.store.UserStore", "insert")));
    assertEquals(2, watch.warnings().size(), "our code in a static initialiser, and a plain sleep");
  }

  /** The checker's warning as it logs it: the message and the blocked thread's stack, top first. */
  private static LoggingEvent blocked(StackTraceElement... stack) {
    VertxException trace = new VertxException("Thread blocked");
    trace.setStackTrace(stack);
    Logger logger = (Logger) LoggerFactory.getLogger("io.vertx.core.impl.BlockedThreadChecker");
    return new LoggingEvent(Logger.class.getName(), logger, Level.WARN,
      "Thread vert.x-eventloop-thread-0 has been blocked for 250 ms, time limit is 200 ms", trace, null);
  }

  private static StackTraceElement frame(String className, String method) {
    return new StackTraceElement(className, method, null, -1);
  }

  private static void busy(long ms) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
