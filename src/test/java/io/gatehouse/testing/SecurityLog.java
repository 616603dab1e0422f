package io.gatehouse.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The security events that {@code conf/logback.xml} (or logback-cli.xml) wrote to DATA_DIR/security.log. */
public final class SecurityLog {
  private SecurityLog() {
  }

  /** Every event in the data folder's security.log, oldest first, each one JSON line. */
  public static List<JsonObject> events(Path dataDir) {
    try {
      return Files.readAllLines(dataDir.resolve("security.log")).stream().map(JsonObject::new).toList();
    } catch (IOException e) {
      throw new AssertionError("no security.log in " + dataDir, e);
    }
  }
}
