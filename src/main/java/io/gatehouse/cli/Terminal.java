package io.gatehouse.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Input for the scripts: prompts only on a terminal (passwords without echo); without one, lines come
 * from standard input, and end of input is an answer ("no"), never a wait.
 */
final class Terminal {
  private final Console console = System.console();
  private BufferedReader stdin;

  boolean interactive() {
    return console != null;
  }

  /** Asks on the terminal; the default when the answer is empty. */
  String ask(String prompt, String fallback) {
    String answer = console.readLine("%s%s: ", prompt, fallback == null ? "" : " [" + fallback + "]");
    return answer == null || answer.isBlank() ? fallback : answer.strip();
  }

  String askSecret(String prompt) {
    char[] answer = console.readPassword("%s: ", prompt);
    return answer == null ? "" : new String(answer);
  }

  /** y/yes on the terminal, or as the next line of standard input; anything else (or nothing) is no. */
  boolean confirm(String question) {
    String answer = interactive() ? console.readLine("%s (y/N): ", question) : readLine();
    return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
  }

  /** The next line of standard input, or null at its end. */
  String readLine() {
    try {
      if (stdin == null) {
        stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      }
      return stdin.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
