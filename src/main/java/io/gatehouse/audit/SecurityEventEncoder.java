package io.gatehouse.audit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line for the {@code gatehouse.security} logger, with exactly the fields
 * {@code time} (ISO-8601 UTC), {@code event}, {@code userId}, {@code ip}, {@code outcome} and
 * {@code reason} at the top level (absent values are {@code null}). logback's own
 * {@code JsonEncoder} nests key-value pairs in a {@code kvpList} array of one-entry objects; this
 * flattens them. Vert.x's {@link JsonObject} (Jackson) does the escaping.
 */
public final class SecurityEventEncoder extends EncoderBase<ILoggingEvent> {
  static final List<String> FIELDS = List.of("event", "userId", "ip", "outcome", "reason");
  private static final byte[] NONE = new byte[0];

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    JsonObject line = new JsonObject().put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    FIELDS.forEach(field -> line.putNull(field));
    line.put("event", event.getFormattedMessage());
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (KeyValuePair pair : pairs) {
        if (FIELDS.contains(pair.key) && pair.value != null) {
          line.put(pair.key, String.valueOf(pair.value));
        }
      }
    }
    return (line.encode() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }
}
