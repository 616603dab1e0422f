package io.gatehouse.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Secrets generated for the embedded default")
class GeneratedSecretsTest {
  @Test
  @DisplayName("a data folder from before CREDS_KEY gets one added, its JWT secrets kept, and the same key after")
  void addsCredsKey() throws IOException {
    Path dataDir = TestGatehouse.newDataDir();
    JsonObject old = new JsonObject().put("JWT_SECRET", "a".repeat(64)).put("JWT_REFRESH_SECRET", "b".repeat(64));
    Files.writeString(dataDir.resolve(GeneratedSecrets.FILE), old.encode());
    JsonObject secrets = GeneratedSecrets.loadOrCreate(dataDir);
    assertEquals("a".repeat(64), secrets.getString("JWT_SECRET"));
    assertEquals("b".repeat(64), secrets.getString("JWT_REFRESH_SECRET"));
    assertTrue(secrets.getString(GeneratedSecrets.CREDS_KEY).matches("[0-9a-f]{64}"));
    assertEquals(secrets, GeneratedSecrets.loadOrCreate(dataDir), "generated once, then reused");
  }
}
