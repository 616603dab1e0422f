package io.gatehouse.config;

import java.net.BindException;

/** A configuration value that cannot be used; the message names the variable so the operator can fix it. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  /**
   * Why a server could not listen: a taken port as the variable that chose it ({@code PORT 3080 is in
   * use ...}), anything else as it was.
   */
  public static Throwable whenListening(Throwable error, String variable, String host, int port) {
    for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof BindException) {
        return new ConfigException(variable + " " + port + " is in use on " + host
          + " (another Gatehouse or another server?): stop it, or set " + variable + " to a free port");
      }
    }
    return error;
  }
}
