package io.gatehouse.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Security events as structured log records on the {@code gatehouse.security} logger: an event name
 * and key-value fields, never a password, token, cookie or secret.
 */
public final class SecurityEvents {
  private static final Logger LOG = LoggerFactory.getLogger("gatehouse.security");

  private SecurityEvents() {
  }

  public static void record(String event, String userId, String ip, String outcome, String reason) {
    LoggingEventBuilder builder = LOG.atInfo().setMessage(event)
      .addKeyValue("event", event)
      .addKeyValue("outcome", outcome);
    if (userId != null) {
      builder = builder.addKeyValue("userId", userId);
    }
    if (ip != null) {
      builder = builder.addKeyValue("ip", ip);
    }
    if (reason != null) {
      builder = builder.addKeyValue("reason", reason);
    }
    builder.log();
  }
}
