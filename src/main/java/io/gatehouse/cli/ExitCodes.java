package io.gatehouse.cli;

/** What every operator script exits with, so automation can tell the cases apart. */
final class ExitCodes {
  static final int OK = 0;
  /** The request was refused: validation, not found, already exists, not confirmed. */
  static final int REFUSED = 1;
  /** Bad usage (picocli's own code for it). */
  static final int USAGE = 2;
  /** A store could not be reached in time. */
  static final int UNREACHABLE = 3;

  private ExitCodes() {
  }
}
