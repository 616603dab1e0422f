package io.gatehouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.Scripts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prompts of the scripts on a real terminal: {@code script(1)} gives the process a pseudo-terminal,
 * and the test answers each prompt only once it has appeared, as a person would.
 */
@DisplayName("The scripts on a terminal")
class TerminalPromptsIT {
  private static final String PASSWORD = "typed-but-never-shown-42";

  @Test
  @DisplayName("create-user asks for what is missing, reads the password without echo, and creates the user")
  void createUserPrompts(@TempDir Path dataDir) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("script", "-q", "-e", "-c", "bin/create-user", "/dev/null")
      .directory(Scripts.root().toFile())
      .redirectErrorStream(true);
    builder.environment().clear();
    for (String name : new String[] {"PATH", "HOME", "JAVA_HOME", "LANG"}) {
      if (System.getenv(name) != null) {
        builder.environment().put(name, System.getenv(name));
      }
    }
    builder.environment().put("DATA_DIR", dataDir.toString());
    builder.environment().put("GATEHOUSE_ENV_FILE", dataDir.resolve("absent.env").toString());
    builder.environment().put("TERM", "dumb");
    Process process = builder.start();
    try (Conversation talk = new Conversation(process)) {
      talk.answer("Email: ", "eve@example.com");
      talk.answer("Name [eve]: ", "Eve Example");
      talk.answer("Username [eve]: ", "");
      talk.answer("Password (empty for a random one): ", PASSWORD);
      talk.answer("Confirm password: ", PASSWORD);
      talk.answer("Email verified? (Y/n) [Y]: ", "y");
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "create-user did not finish:\n" + talk.output());
      String output = talk.output();
      assertEquals(0, process.exitValue(), output);
      assertTrue(output.contains("User created successfully!"), output);
      assertTrue(output.contains("eve@example.com"), output);
      assertFalse(output.contains(PASSWORD), "the password must not be echoed:\n" + output);
    } finally {
      process.destroyForcibly();
    }
    Scripts.Result listed = Scripts.script("list-users").dataDir(dataDir).run();
    assertTrue(listed.stdout().contains("Eve Example"), listed.describe());
  }

  /** Reads the terminal's output as it comes and answers prompts once they are shown. */
  private static final class Conversation implements AutoCloseable {
    private final StringBuffer seen = new StringBuffer();
    private final OutputStream keyboard;
    private final Thread reader;
    private int answeredUpTo;

    Conversation(Process process) {
      this.keyboard = process.getOutputStream();
      InputStream screen = process.getInputStream();
      this.reader = new Thread(() -> {
        byte[] buffer = new byte[4096];
        try {
          for (int n; (n = screen.read(buffer)) > 0; ) {
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
          }
        } catch (IOException ignored) {
          // the process ended
        }
      }, "terminal-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits (at most 30 s) for the prompt after the previous answer, then types the answer. */
    void answer(String prompt, String text) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int at;
      while ((at = seen.indexOf(prompt, answeredUpTo)) < 0) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no prompt '" + prompt + "' in:\n" + seen);
        }
        Thread.sleep(20);
      }
      answeredUpTo = at + prompt.length();
      keyboard.write((text + "\r").getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
    }

    String output() throws InterruptedException {
      reader.join(5000);
      return seen.toString();
    }

    @Override
    public void close() throws IOException {
      keyboard.close();
    }
  }
}
