package io.gatehouse.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The raw variables, layered: defaults &lt; {@code conf/gatehouse.env} &lt; the process environment.
 * Typed getters fail with a {@link ConfigException} that names the variable.
 */
public final class Settings {
  private final Map<String, String> values;

  public Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** The environment over the optional env file ({@code GATEHOUSE_ENV_FILE}, else {@code conf/gatehouse.env}). */
  public static Settings load(Map<String, String> environment) {
    String file = environment.getOrDefault("GATEHOUSE_ENV_FILE", "conf/gatehouse.env");
    Map<String, String> merged = new HashMap<>(EnvFile.read(Path.of(file)));
    merged.putAll(environment);
    return new Settings(merged);
  }

  /** The value, or null when unset or blank. */
  public String string(String name) {
    String value = values.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  public String string(String name, String fallback) {
    String value = string(name);
    return value == null ? fallback : value;
  }

  /** LibreChat's {@code isEnabled}: true only when the trimmed value is {@code true}, ignoring case. */
  public boolean enabled(String name, boolean fallback) {
    String value = string(name);
    return value == null ? fallback : value.equalsIgnoreCase("true");
  }

  public int integer(String name, int fallback, int min, int max) {
    String value = string(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a whole number, got '" + value + "'");
    }
  }

  /** A number that may be written as an expression ({@code 1000 * 60 * 15}), rounded down. */
  public long expression(String name, long fallback) {
    String value = string(name);
    if (value == null) {
      return fallback;
    }
    try {
      return (long) Math.floor(Expression.evaluate(value));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + " must be a number or an arithmetic expression such as 1000 * 60 * 15, got '"
        + value + "' (" + e.getMessage() + ")");
    }
  }

  public long positiveExpression(String name, long fallback) {
    long value = expression(name, fallback);
    if (value <= 0) {
      throw new ConfigException(name + " must be greater than 0, got " + value);
    }
    return value;
  }

  /** An expression that must not be negative (0 is allowed); the start stops naming the variable otherwise. */
  public long nonNegativeExpression(String name, long fallback) {
    long value = expression(name, fallback);
    if (value < 0) {
      throw new ConfigException(name + " must not be negative, got " + value);
    }
    return value;
  }

  /** The value when it is an http(s) URL with a host; otherwise the start stops, naming the variable. */
  public static String httpUrl(String variable, String value) {
    try {
      URI uri = URI.create(value);
      if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        return value;
      }
    } catch (IllegalArgumentException notAUri) {
      // refused below, with the variable's name
    }
    throw new ConfigException(variable + " must be an http(s) URL such as https://chat.example.com, got '" + value + "'");
  }
}
