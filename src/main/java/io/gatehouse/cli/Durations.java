package io.gatehouse.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 45s}, {@code 30m}, {@code 2h}, {@code 7d}. */
final class Durations {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})\\s*([smhd])");

  private Durations() {
  }

  /** Milliseconds, or a usage refusal naming the accepted forms. */
  static long parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.strip().toLowerCase());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw Refusal.usage("Invalid duration '" + text + "': use a positive number with s, m, h or d, such as 30m, 2h or 7d.");
    }
    long amount = Long.parseLong(m.group(1));
    long unit = switch (m.group(2)) {
      case "s" -> 1_000L;
      case "m" -> 60_000L;
      case "h" -> 3_600_000L;
      default -> 86_400_000L;
    };
    return amount * unit;
  }

  /** The time left, for people: {@code 1h 59m}, {@code 42s}. */
  static String describe(long ms) {
    long seconds = Math.max(0, ms / 1000);
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    return hours < 48 ? hours + "h " + minutes % 60 + "m" : hours / 24 + "d " + hours % 24 + "h";
  }
}
