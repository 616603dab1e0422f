package io.gatehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("conf/gatehouse.env in dotenv format")
class EnvFileTest {
  @Test
  @DisplayName("reads comments, export, quotes and trailing comments like LibreChat's .env")
  void parses() {
    Map<String, String> values = EnvFile.parse(List.of(
      "# a comment",
      "",
      "PORT=8080",
      "export HOST=0.0.0.0",
      "SESSION_EXPIRY=1000 * 60 * 30   # thirty minutes",
      "APP_TITLE=\"My # Chat\"",
      "JWT_SECRET='s3cr#t'",
      "EMPTY="), "test");
    assertEquals("8080", values.get("PORT"));
    assertEquals("0.0.0.0", values.get("HOST"));
    assertEquals("1000 * 60 * 30", values.get("SESSION_EXPIRY"));
    assertEquals("My # Chat", values.get("APP_TITLE"));
    assertEquals("s3cr#t", values.get("JWT_SECRET"));
    assertEquals("", values.get("EMPTY"));
  }

  @Test
  @DisplayName("names the line of a malformed entry")
  void malformed() {
    ConfigException error = assertThrows(ConfigException.class, () -> EnvFile.parse(List.of("OK=1", "NOT A LINE"), "f.env"));
    assertTrue(error.getMessage().contains("f.env line 2"), error.getMessage());
  }

  @Test
  @DisplayName("the environment overrides the file, and a missing file is no error")
  void layering(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gatehouse.env");
    Files.writeString(file, "PORT=4000\nAPP_TITLE=FromFile\n");
    Settings settings = Settings.load(Map.of("GATEHOUSE_ENV_FILE", file.toString(), "PORT", "5000"));
    assertEquals("5000", settings.string("PORT"));
    assertEquals("FromFile", settings.string("APP_TITLE"));
    Settings none = Settings.load(Map.of("GATEHOUSE_ENV_FILE", dir.resolve("absent.env").toString()));
    assertFalse(none.enabled("ALLOW_REGISTRATION", false));
  }
}
