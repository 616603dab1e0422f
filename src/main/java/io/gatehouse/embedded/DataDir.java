package io.gatehouse.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The data folder of the embedded default. */
final class DataDir {
  private DataDir() {
  }

  static Path create(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the data folder " + dir + " (DATA_DIR)", e);
    }
  }
}
