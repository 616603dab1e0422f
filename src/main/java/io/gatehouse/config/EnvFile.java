package io.gatehouse.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a dotenv file the way LibreChat operators write {@code .env}: {@code KEY=value}, optional
 * {@code export }, single or double quotes, {@code #} comments on their own line or after a space.
 */
public final class EnvFile {
  private EnvFile() {
  }

  public static Map<String, String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new ConfigException("Cannot read " + file + ": " + e.getMessage());
    }
  }

  static Map<String, String> parse(List<String> lines, String source) {
    Map<String, String> values = new LinkedHashMap<>();
    int number = 0;
    for (String raw : lines) {
      number++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(source + " line " + number + ": expected KEY=value");
      }
      String key = line.substring(0, eq).strip();
      if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new ConfigException(source + " line " + number + ": invalid variable name '" + key + "'");
      }
      values.put(key, value(line.substring(eq + 1).strip(), source, number));
    }
    return values;
  }

  private static String value(String text, String source, int number) {
    if (text.startsWith("\"") || text.startsWith("'")) {
      char quote = text.charAt(0);
      int end = text.indexOf(quote, 1);
      if (end < 0) {
        throw new ConfigException(source + " line " + number + ": unterminated quote");
      }
      String inner = text.substring(1, end);
      return quote == '"' ? inner.replace("\\n", "\n") : inner;
    }
    int comment = text.indexOf(" #");
    return (comment >= 0 ? text.substring(0, comment) : text).strip();
  }
}
