package io.gatehouse.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the operator scripts ({@code bin/<name>}) as real processes from the project root, the way an
 * operator or automation would: an explicit environment (nothing leaks in from the test JVM's, so a
 * stray MONGO_URI cannot point a test at a real database), the given standard input or
 * {@code /dev/null}, no terminal, and a timeout that fails the test and kills the process.
 */
public final class Scripts {
  /** Long enough for a cold JVM on a slow box, short enough that a script waiting for input fails fast. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** What a script may inherit from the test JVM: enough to find java and nothing else. */
  private static final List<String> INHERITED = List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR");

  private Scripts() {
  }

  /** The project directory (failsafe sets {@code gatehouse.root}; else the working directory). */
  public static Path root() {
    return Path.of(System.getProperty("gatehouse.root", ".")).toAbsolutePath().normalize();
  }

  /** The packaged jar the scripts run; *IT suites start after {@code package}, so it should be there. */
  public static Path jar() {
    return root().resolve("target/gatehouse.jar");
  }

  public static Run script(String name) {
    return new Run(name);
  }

  /** What a finished script left: its exit code, both outputs and how long it took. */
  public record Result(int exitCode, String stdout, String stderr, Duration took) {
    /** Everything, for assertion messages. */
    public String describe() {
      // 128 + n is the shell's "killed by signal n"; this helper only ever kills on timeout, with an
      // assertion error of its own, so such a code here means something outside the test sent it
      String signal = exitCode > 128 && exitCode < 160
        ? " (killed by signal " + (exitCode - 128) + " from outside the test)" : "";
      return "exit " + exitCode + signal + " after " + took.toMillis() + " ms\n--- stdout\n" + stdout
        + "--- stderr\n" + stderr;
    }
  }

  /** One invocation being set up: environment, arguments, standard input. */
  public static final class Run {
    private final String name;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> args = new ArrayList<>();
    private byte[] stdin;
    private Duration timeout = TIMEOUT;

    private Run(String name) {
      this.name = name;
      for (String variable : INHERITED) {
        String value = System.getenv(variable);
        if (value != null) {
          env.put(variable, value);
        }
      }
      // no conf/gatehouse.env of the developer's either
      env.put("GATEHOUSE_ENV_FILE", "/nonexistent/gatehouse.env");
    }

    public Run env(String variable, String value) {
      env.put(variable, value);
      return this;
    }

    public Run env(Map<String, String> variables) {
      env.putAll(variables);
      return this;
    }

    public Run dataDir(Path dataDir) {
      return env("DATA_DIR", dataDir.toString());
    }

    public Run args(String... more) {
      args.addAll(List.of(more));
      return this;
    }

    /** Standard input: these bytes, then end of input. Without it, standard input is /dev/null. */
    public Run stdin(String text) {
      this.stdin = text.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    public Run timeout(Duration limit) {
      this.timeout = limit;
      return this;
    }

    /** Runs the script to its end; fails the test if it outlives the timeout. */
    public Result run() {
      ProcessBuilder builder = builder();
      Path out = tempFile("stdout");
      Path err = tempFile("stderr");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.PIPE);
      long started = System.nanoTime();
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + builder.command(), e);
      }
      try {
        if (stdin != null) {
          // small inputs fit the pipe's buffer; closing it is the end of input the script must see
          try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
          } catch (IOException e) {
            // the script may exit without reading its input: that is its answer, not a test failure
          }
        }
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (!finished) {
          kill(process);
          throw new AssertionError("bin/" + name + " " + String.join(" ", args) + " did not finish within "
            + timeout.toSeconds() + " s (waiting for input?)\n--- stdout\n" + read(out) + "--- stderr\n" + read(err));
        }
        return new Result(process.exitValue(), read(out), read(err), took);
      } catch (InterruptedException e) {
        kill(process);
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while bin/" + name + " ran", e);
      } finally {
        delete(out);
        delete(err);
      }
    }

    /**
     * Starts a long-running script (the server, its stores) with both outputs appended to {@code log} and
     * no input. The caller owns the process: {@link #kill(Process)} ends it with its children.
     */
    public Process start(Path log) {
      ProcessBuilder builder = builder().redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      try {
        return builder.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + builder.command(), e);
      }
    }

    private ProcessBuilder builder() {
      List<String> command = new ArrayList<>();
      command.add(root().resolve("bin").resolve(name).toString());
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      return builder;
    }
  }

  /** Asserts the jar is there, so no script stops to build it (which would take long and need Maven). */
  public static void assertJarBuilt() {
    assertTrue(Files.isRegularFile(jar()), jar() + " is missing: run the *IT suites with mvn verify");
  }

  /** Ends a process and every process it started, at once. */
  public static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Path tempFile(String what) {
    try {
      return Files.createTempFile("gatehouse-script-", "." + what);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temp file left behind
    }
  }
}
