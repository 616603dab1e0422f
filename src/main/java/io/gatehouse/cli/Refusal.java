package io.gatehouse.cli;

/** A script's clean "no": printed without a stack trace, with its exit code. */
final class Refusal extends RuntimeException {
  private final int exitCode;

  Refusal(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  static Refusal refused(String message) {
    return new Refusal(ExitCodes.REFUSED, message);
  }

  static Refusal usage(String message) {
    return new Refusal(ExitCodes.USAGE, message);
  }

  int exitCode() {
    return exitCode;
  }
}
