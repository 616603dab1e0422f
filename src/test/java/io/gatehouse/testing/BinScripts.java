package io.gatehouse.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the scripts in {@code bin/} as real processes, as an operator would: from the project root
 * (system property {@code gatehouse.root}), with an explicit environment (PATH, HOME, JAVA_HOME if
 * set, plus what the test passes), stdin from /dev/null, and a 60 s limit.
 */
public final class BinScripts {
  public static final long TIMEOUT_SECONDS = 60;

  private final Map<String, String> environment;

  private BinScripts(Map<String, String> environment) {
    this.environment = environment;
  }

  /** Scripts working on the stores of the node whose data folder this is. */
  public static BinScripts forDataDir(Path dataDir) {
    return new BinScripts(Map.of("DATA_DIR", dataDir.toString()));
  }

  /** One finished run. */
  public record Run(String command, int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return command + " → exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  public static Path root() {
    return Path.of(System.getProperty("gatehouse.root", System.getProperty("user.dir"))).toAbsolutePath();
  }

  public Run run(String script, String... args) {
    Path root = root();
    List<String> command = new ArrayList<>();
    command.add(root.resolve("bin").resolve(script).toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
      .redirectInput(new File("/dev/null"));
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(baseEnvironment());
    env.putAll(environment);
    try {
      Path out = Files.createTempFile("gatehouse-script-", ".out");
      Path err = Files.createTempFile("gatehouse-script-", ".err");
      try {
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          throw new AssertionError("bin/" + script + " did not finish within " + TIMEOUT_SECONDS + " s:\n"
            + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Run("bin/" + script + " " + String.join(" ", args), process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running bin/" + script, e);
    }
  }

  private static Map<String, String> baseEnvironment() {
    Map<String, String> env = new HashMap<>();
    for (String name : List.of("PATH", "HOME", "JAVA_HOME")) {
      String value = System.getenv(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    return env;
  }
}
