package io.gatehouse.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The embedded default across restarts")
class RestartTest {
  private static final String EMAIL = "restart@example.com";

  @AfterAll
  void stop() {
  }

  @Test
  @DisplayName("keeps accounts, sessions and generated secrets in the data folder, and embedded.json only while running")
  void restart() throws IOException {
    Path dataDir = TestGatehouse.newDataDir();
    Path secretsFile = dataDir.resolve(GeneratedSecrets.FILE);
    Path marker = dataDir.resolve(EmbeddedStores.MARKER);
    String refreshCookie;
    String accessToken;
    String secrets;
    try (TestGatehouse first = TestGatehouse.start(Map.of(), dataDir)) {
      assertTrue(Files.exists(marker), "embedded.json while running");
      assertOwnerOnly(marker);
      JsonObject where = new JsonObject(Files.readString(marker));
      assertEquals(first.mongoUri(), where.getString("mongoUri"));
      assertEquals(first.redisUri(), where.getString("redisUri"));
      Http.Answer login = Accounts.registerAndLogin(first.http(), EMAIL);
      refreshCookie = login.cookie("refreshToken");
      accessToken = login.json().getString("token");
      assertNotNull(refreshCookie);
      secrets = Files.readString(secretsFile);
      assertOwnerOnly(secretsFile);
    }
    assertFalse(Files.exists(marker), "embedded.json is removed when the node stops");
    assertTrue(Files.exists(secretsFile), "the secrets stay");

    try (TestGatehouse second = TestGatehouse.start(Map.of(), dataDir)) {
      assertTrue(Files.exists(marker));
      assertEquals(secrets, Files.readString(secretsFile), "the same secrets, not new ones");
      assertOwnerOnly(secretsFile);

      // The access token of the first run is still signed with the right secret.
      Http.Answer me = second.http().get("/api/user").bearer(accessToken).send();
      assertEquals(200, me.status(), me.text());
      assertEquals(EMAIL, me.json().getString("email"));

      // The session of the first run is still there: its refresh cookie rotates.
      Http.Answer refreshed = second.http().post("/api/auth/refresh").cookie("refreshToken", refreshCookie).send();
      assertEquals(200, refreshed.status(), refreshed.text());
      assertEquals(EMAIL, refreshed.json().getJsonObject("user").getString("email"));
      assertNotNull(refreshed.json().getString("token"));
      assertNotEquals(refreshCookie, refreshed.cookie("refreshToken"));

      Accounts.login(second.http(), EMAIL);
    }
    assertFalse(Files.exists(marker));
  }

  @Test
  @DisplayName("refuses to start against a configured MONGO_URI without JWT secrets, naming the missing variable")
  void refusesWithoutSecrets() {
    try (TestGatehouse store = TestGatehouse.start()) {
      Path dataDir = TestGatehouse.newDataDir();
      IllegalStateException none = assertThrows(IllegalStateException.class,
        () -> TestGatehouse.start(Map.of("MONGO_URI", store.mongoUri()), dataDir).close());
      assertTrue(none.getMessage().contains("JWT_SECRET"), none.getMessage());
      assertFalse(Files.exists(dataDir.resolve(GeneratedSecrets.FILE)), "no secrets are generated for a real Mongo");

      IllegalStateException half = assertThrows(IllegalStateException.class,
        () -> TestGatehouse.start(Map.of("MONGO_URI", store.mongoUri(), "JWT_SECRET", "s".repeat(64)), dataDir).close());
      assertTrue(half.getMessage().contains("JWT_REFRESH_SECRET"), half.getMessage());

      // With both secrets the same configuration starts and serves.
      try (TestGatehouse configured = TestGatehouse.start(Map.of("MONGO_URI", store.mongoUri(),
        "JWT_SECRET", "s".repeat(64), "JWT_REFRESH_SECRET", "r".repeat(64)), dataDir)) {
        assertEquals(200, configured.http().get("/readyz").send().status());
      }
    }
  }

  private static void assertOwnerOnly(Path file) throws IOException {
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }
}
