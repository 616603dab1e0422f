package io.gatehouse.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Every log line of the JVM while open (message and key-value pairs), to check what is and is not logged. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger root;

  private LogCapture() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    setContext(root.getLoggerContext());
    setName("log-capture-" + System.identityHashCode(this));
  }

  public static LogCapture open() {
    LogCapture capture = new LogCapture();
    capture.start();
    capture.root.addAppender(capture);
    return capture;
  }

  @Override
  protected void append(ILoggingEvent event) {
    lines.add(event.getLoggerName() + " " + event.getFormattedMessage() + " " + event.getKeyValuePairs());
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** The lines that contain any of these strings (secrets that must never be logged). */
  public List<String> containing(List<String> needles) {
    return lines.stream().filter(line -> needles.stream().anyMatch(line::contains)).toList();
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
  }
}
