package io.gatehouse.bus;

/**
 * The event-bus contract of every Gatehouse verticle. Request/reply addresses are node-local
 * ({@code localConsumer}); {@code EVENTS_*} addresses are published cluster-wide.
 * Bodies are JSON objects; failures carry a {@link Failure} code.
 */
public final class Addresses {
  private Addresses() {
  }

  /** {@code {name, username?, email, password}} → {@code {}}; registers a local account (validated again here). */
  public static final String ACCOUNTS_REGISTER = "gatehouse.accounts.register";
  /** {@code {id}} → the user document without secrets, or {@link Failure#NOT_FOUND}. */
  public static final String ACCOUNTS_FIND = "gatehouse.accounts.find";

  /** {@code {email, password}} → {@code {token, user, refreshToken, expiration}}. */
  public static final String TOKENS_LOGIN = "gatehouse.tokens.login";
  /** {@code {refreshToken}} → {@code {token, user, refreshToken, expiration}}, rotating the session. */
  public static final String TOKENS_REFRESH = "gatehouse.tokens.refresh";
  /** {@code {userId, refreshToken?}} → {@code {}}; deletes the session of that refresh token. */
  public static final String TOKENS_LOGOUT = "gatehouse.tokens.logout";

  /** Published {@code {id}} whenever a user document changes or disappears; caches drop it. */
  public static final String EVENTS_USER_CHANGED = "gatehouse.events.user-changed";
}
