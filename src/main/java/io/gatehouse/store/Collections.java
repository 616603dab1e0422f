package io.gatehouse.store;

/** LibreChat's collection names: Gatehouse reads and writes the same data. */
public final class Collections {
  public static final String USERS = "users";
  public static final String SESSIONS = "sessions";
  public static final String TOKENS = "tokens";

  private Collections() {
  }
}
