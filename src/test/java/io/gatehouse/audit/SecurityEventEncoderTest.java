package io.gatehouse.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

@DisplayName("SecurityEventEncoder")
class SecurityEventEncoderTest {
  private static LoggingEvent event(String message) {
    LoggerContext context = new LoggerContext();
    LoggingEvent event = new LoggingEvent("test", context.getLogger("gatehouse.security"), Level.INFO, message, null, null);
    event.setTimeStamp(1_700_000_000_123L);
    return event;
  }

  private static String encode(LoggingEvent event) {
    return new String(new SecurityEventEncoder().encode(event), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("writes one line with the six fields at the top level, escaped, others dropped")
  void flat() {
    LoggingEvent event = event("login");
    event.addKeyValuePair(new KeyValuePair("event", "login"));
    event.addKeyValuePair(new KeyValuePair("userId", "u1"));
    event.addKeyValuePair(new KeyValuePair("ip", "10.0.0.1"));
    event.addKeyValuePair(new KeyValuePair("outcome", "failure"));
    event.addKeyValuePair(new KeyValuePair("reason", "quote \" newline \n end"));
    event.addKeyValuePair(new KeyValuePair("other", "dropped"));
    String line = encode(event);
    assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, line);
    assertEquals(new JsonObject().put("time", "2023-11-14T22:13:20.123Z").put("event", "login").put("userId", "u1")
      .put("ip", "10.0.0.1").put("outcome", "failure").put("reason", "quote \" newline \n end"), new JsonObject(line));
  }

  @Test
  @DisplayName("gives absent fields as null and takes the event from the message when no pair names it")
  void absent() {
    JsonObject line = new JsonObject(encode(event("unban")));
    assertEquals(6, line.size());
    assertEquals("unban", line.getString("event"));
    assertTrue(line.containsKey("userId") && line.getValue("userId") == null);
    assertTrue(line.containsKey("reason") && line.getValue("reason") == null);
  }
}
