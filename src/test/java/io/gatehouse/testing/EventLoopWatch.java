package io.gatehouse.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Records every warning of Vert.x's blocked-thread checker, and every exception Vert.x reports as
 * unhandled on any context of a watched instance ({@link #watch}), so a suite can fail on any.
 */
public final class EventLoopWatch extends AppenderBase<ILoggingEvent> {
  /**
   * The logger the checker writes to. Vert.x 5 moved the class to {@code io.vertx.core.internal.threadchecker}
   * but it still logs under its old name, which is not below the package's logger.
   */
  private static final String CHECKER = "io.vertx.core.impl.BlockedThreadChecker";
  private static final EventLoopWatch INSTANCE = new EventLoopWatch();
  private static final org.slf4j.Logger UNHANDLED_LOG = LoggerFactory.getLogger(EventLoopWatch.class);
  private final List<String> warnings = new CopyOnWriteArrayList<>();

  static {
    Logger logger = (Logger) LoggerFactory.getLogger(CHECKER);
    INSTANCE.setContext(logger.getLoggerContext());
    INSTANCE.setName("event-loop-watch");
    INSTANCE.start();
    logger.addAppender(INSTANCE);
  }

  private EventLoopWatch() {
  }

  public static EventLoopWatch instance() {
    return INSTANCE;
  }

  /**
   * Makes an exception that escapes to a context of this Vert.x (a handler that threw, a callback that
   * failed outside any future) a failure of the running suite, still logged as Vert.x would.
   */
  public static Vertx watch(Vertx vertx) {
    vertx.exceptionHandler(error -> {
      UNHANDLED_LOG.error("Unhandled exception", error);
      if (!libraryAssertion(error)) {
        INSTANCE.warnings.add("unhandled exception: " + error + " at " + firstFrame(error));
      }
    });
    return vertx;
  }

  /**
   * An {@code assert} inside a library (the Redis client asserts a connection ends once, and a Redis
   * outage can end one twice): the tests run with -ea, production never evaluates it. Logged, not failed.
   */
  private static boolean libraryAssertion(Throwable error) {
    StackTraceElement[] stack = error.getStackTrace();
    return error.getClass() == AssertionError.class && stack.length > 0
      && !stack[0].getClassName().startsWith("io.gatehouse.");
  }

  private static String firstFrame(Throwable error) {
    StackTraceElement[] stack = error.getStackTrace();
    return stack.length == 0 ? "?" : stack[0].toString();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (!loadingClasses(event.getThrowableProxy())) {
      warnings.add(event.getFormattedMessage());
    }
  }

  /**
   * A block caught while the JVM reads a class from a jar is the JVM warming up on a slow disk (seen
   * at 250 ms in an insert's first use of a driver class), paid once per class and not a blocking call
   * of ours: the sampled stack is JDK code all the way down to {@code ClassLoader.loadClass}. Our own
   * code running inside a class load (a static initialiser, a custom loader) still fails the suite.
   */
  private static boolean loadingClasses(IThrowableProxy stack) {
    if (stack == null) {
      return false;
    }
    for (StackTraceElementProxy frame : stack.getStackTraceElementProxyArray()) {
      StackTraceElement element = frame.getStackTraceElement();
      if (element.getClassName().equals("java.lang.ClassLoader") && element.getMethodName().equals("loadClass")) {
        return true;
      }
      if (!isJdk(element.getClassName())) {
        return false;
      }
    }
    return false;
  }

  private static boolean isJdk(String className) {
    return className.startsWith("java.") || className.startsWith("jdk.internal.") || className.startsWith("sun.");
  }

  /**
   * The warnings since the last call, and forgets them: each suite answers for the blocks that
   * happened while it ran, not for an earlier suite's.
   */
  public synchronized List<String> warnings() {
    List<String> since = List.copyOf(warnings);
    warnings.removeAll(since);
    return since;
  }
}
