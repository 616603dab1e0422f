package io.gatehouse.embedded;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * JWT secrets for the embedded default: 32 random bytes each, generated once into the data folder
 * (owner read/write only) and reused, so sessions survive restarts.
 */
public final class GeneratedSecrets {
  public static final String FILE = "jwt-secrets.json";

  private GeneratedSecrets() {
  }

  /** Returns {@code {JWT_SECRET, JWT_REFRESH_SECRET}}, creating the file when it does not exist. */
  public static JsonObject loadOrCreate(Path dataDir) {
    Path file = DataDir.create(dataDir).resolve(FILE);
    try {
      if (Files.exists(file)) {
        JsonObject secrets = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        if (secrets.getString("JWT_SECRET") != null && secrets.getString("JWT_REFRESH_SECRET") != null) {
          return secrets;
        }
      }
      SecureRandom random = new SecureRandom();
      JsonObject secrets = new JsonObject()
        .put("JWT_SECRET", randomHex(random))
        .put("JWT_REFRESH_SECRET", randomHex(random));
      Path tmp = file.resolveSibling(FILE + ".tmp");
      DataDir.writeOwnerOnly(tmp, secrets.encodePrettily());
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return secrets;
    } catch (IOException | io.vertx.core.json.DecodeException e) {
      throw new UncheckedIOException("Cannot read or create " + file, e instanceof IOException io ? io : new IOException(e));
    }
  }

  private static String randomHex(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
