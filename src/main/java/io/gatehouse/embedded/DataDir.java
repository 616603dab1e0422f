package io.gatehouse.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The data folder of the embedded default: created owner-only, since it holds the stores and the secrets. */
final class DataDir {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private DataDir() {
  }

  static Path create(Path dir) {
    try {
      if (POSIX && !Files.exists(dir)) {
        Files.createDirectories(dir.toAbsolutePath().getParent());
        return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the data folder " + dir + " (DATA_DIR)", e);
    }
  }

  /** Writes a file readable by the owner only. */
  static void writeOwnerOnly(Path file, String text) throws IOException {
    Files.deleteIfExists(file);
    if (POSIX) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
  }
}
