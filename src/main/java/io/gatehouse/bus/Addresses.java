package io.gatehouse.bus;

/**
 * The event-bus contract of every Gatehouse verticle. Request/reply addresses are node-local
 * ({@code localConsumer}); changes every node must see (revocations, bans, user changes) travel on
 * the Redis events channel ({@code store.StoreEvents}), which the scripts can reach too.
 * Bodies are JSON objects; failures carry a {@link Failure} code.
 */
public final class Addresses {
  private Addresses() {
  }

  /** {@code {name, username?, email, password}} → {@code {}}; registers a local account (validated again here). */
  public static final String ACCOUNTS_REGISTER = "gatehouse.accounts.register";
  /** {@code {id}} → the user document without secrets, or {@link Failure#NOT_FOUND}. */
  public static final String ACCOUNTS_FIND = "gatehouse.accounts.find";

  /**
   * {@code {email, password, ip}} → {@code {token, user, refreshToken, expiration}}, or
   * {@code {twoFAPending: true, tempToken}} for an account with two-factor authentication.
   */
  public static final String TOKENS_LOGIN = "gatehouse.tokens.login";
  /** {@code {refreshToken}} → {@code {token, user, refreshToken, expiration}}, rotating the session. */
  public static final String TOKENS_REFRESH = "gatehouse.tokens.refresh";
  /**
   * {@code {userId}} → {@code {token, user, refreshToken, expiration}}: a session for a user who proved
   * who they are elsewhere (a social login), or {@link Failure#USER_GONE}.
   */
  public static final String TOKENS_SESSION = "gatehouse.tokens.session";
  /** {@code {userId, refreshToken?}} → {@code {}}; deletes the session of that refresh token. */
  public static final String TOKENS_LOGOUT = "gatehouse.tokens.logout";

  /**
   * {@code {provider, binding?, ip}} → {@code {location, binding}}: a social login begins; the browser
   * goes to {@code location} carrying {@code binding} in a cookie. Fails with {@link Failure#OAUTH_FAILED}.
   */
  public static final String OAUTH_START = "gatehouse.oauth.start";
  /**
   * {@code {provider, params, binding, ip}} → {@code {refreshToken, expiration}}, or {@code {banned: true,
   * until}} for a banned user: the provider's callback ({@code params} its query or form fields). Fails
   * with {@link Failure#OAUTH_FAILED}.
   */
  public static final String OAUTH_CALLBACK = "gatehouse.oauth.callback";

  /**
   * {@code {type, userId?, email?, ip?, score?}} → {@code {banned}}: scores one violation of that type
   * (LibreChat's types: logins, registrations, message_limit, concurrent, non_browser, ...) against the
   * user (or the account of the email) and the address, banning both when a threshold is crossed.
   * Without a score, the type's configured score applies (1 for unknown types).
   */
  public static final String MODERATION_REPORT = "gatehouse.moderation.report";
  /** {@code {userId?, email?, ip?}} → {@code {banned, until}} (until in ms since the epoch, 0 when not banned). */
  public static final String MODERATION_CHECK = "gatehouse.moderation.check";

}
