package io.gatehouse.config;

/** A configuration value that cannot be used; the message names the variable so the operator can fix it. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
