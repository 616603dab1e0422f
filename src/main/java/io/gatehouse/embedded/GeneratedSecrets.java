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
import java.util.List;

/**
 * Secrets for the embedded default, 32 random bytes each, generated once into the data folder (owner
 * read/write only) and reused, so sessions survive restarts and TOTP secrets stay readable: the JWT
 * secrets and {@code CREDS_KEY}. A file from before a secret existed gets it added, keeping the others.
 */
public final class GeneratedSecrets {
  public static final String FILE = "jwt-secrets.json";
  public static final String CREDS_KEY = "CREDS_KEY";
  private static final List<String> NAMES = List.of("JWT_SECRET", "JWT_REFRESH_SECRET", CREDS_KEY);

  private GeneratedSecrets() {
  }

  /** Returns {@code {JWT_SECRET, JWT_REFRESH_SECRET, CREDS_KEY}}, creating or completing the file as needed. */
  public static synchronized JsonObject loadOrCreate(Path dataDir) {
    Path file = DataDir.create(dataDir).resolve(FILE);
    try {
      JsonObject secrets = Files.exists(file) ? new JsonObject(Files.readString(file, StandardCharsets.UTF_8))
        : new JsonObject();
      if (NAMES.stream().allMatch(name -> secrets.getString(name) != null)) {
        return secrets;
      }
      SecureRandom random = new SecureRandom();
      NAMES.stream().filter(name -> secrets.getString(name) == null)
        .forEach(name -> secrets.put(name, randomHex(random)));
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
