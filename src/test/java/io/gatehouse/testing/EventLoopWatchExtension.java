package io.gatehouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Every test class ends with the event-loop check: no loop blocked past its limit, no exception left
 * unhandled on a node's context, while it ran. Registered for every class by the service file and
 * {@code junit.jupiter.extensions.autodetection.enabled}; it runs after the class's own {@code @AfterAll}
 * methods, so whatever happened while its nodes stopped counts too.
 */
public final class EventLoopWatchExtension implements AfterAllCallback {
  @Override
  public void afterAll(ExtensionContext context) {
    assertEquals(List.of(), EventLoopWatch.instance().warnings(),
      "no event loop may block or leave an exception unhandled");
  }
}
