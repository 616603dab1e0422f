package io.gatehouse.bus;

import io.vertx.core.eventbus.DeliveryOptions;

/**
 * The event-bus contract of every Gatehouse verticle. Request/reply addresses are node-local: served by
 * {@code localConsumer}s and asked with {@link #local(long)}, so each node answers its own requests and
 * never asks the cluster where a handler is. Only {@link #EVENTS} crosses nodes.
 * Bodies are JSON objects; failures carry a {@link Failure} code.
 */
public final class Addresses {
  private Addresses() {
  }

  /**
   * Published cluster-wide: {@code {type, ...}} announcing a ban, an unban, a revocation or a user
   * change to every node's caches (see {@code cluster.Announcements}; the scripts use Redis instead).
   */
  public static final String EVENTS = "gatehouse.events";

  /** {@code {name, username?, email, password}} → {@code {}}; registers a local account (validated again here). */
  public static final String ACCOUNTS_REGISTER = "gatehouse.accounts.register";
  /** {@code {id}} → the user document without secrets, or {@link Failure#NOT_FOUND}. */
  public static final String ACCOUNTS_FIND = "gatehouse.accounts.find";

  /**
   * {@code {email, password, ip, device?}} → {@code {token, user, refreshToken, expiration}}, or
   * {@code {twoFAPending: true, tempToken}} for an account with two-factor authentication, or
   * {@code {banned: true, until}} for a banned account whose password was right, or
   * {@code {throttled: true, retryAfterMs}} when the account's failures are past {@code LOGIN_ACCOUNT_MAX}
   * and {@code device} (the verified device cookie, {@code devices.Device}) does not vouch for the browser.
   */
  public static final String TOKENS_LOGIN = "gatehouse.tokens.login";
  /** {@code {refreshToken}} → {@code {token, user, refreshToken, expiration}}, rotating the session. */
  public static final String TOKENS_REFRESH = "gatehouse.tokens.refresh";
  /**
   * {@code {userId}} → {@code {token, user, refreshToken, expiration}}: a session for a user who proved
   * who they are elsewhere (a social login), or {@code {twoFAPending: true, tempToken}} when the account
   * has two-factor authentication on, or {@link Failure#USER_GONE}.
   */
  public static final String TOKENS_SESSION = "gatehouse.tokens.session";
  /** {@code {userId, refreshToken?}} → {@code {}}; deletes the session of that refresh token. */
  public static final String TOKENS_LOGOUT = "gatehouse.tokens.logout";

  /** {@code {email, token}} → {@code {}}, or {@link Failure#INVALID_TOKEN}; marks the email verified. */
  public static final String RECOVERY_VERIFY_EMAIL = "gatehouse.recovery.verify-email";
  /**
   * {@code {email, ip}} → {@code {}}; mails a new verification link when the account waits for one and
   * its mail quota allows.
   */
  public static final String RECOVERY_RESEND_VERIFICATION = "gatehouse.recovery.resend-verification";
  /** {@code {email, ip}} → {@code {}} whether or not the account exists; the link goes out by mail only. */
  public static final String RECOVERY_REQUEST_RESET = "gatehouse.recovery.request-reset";
  /**
   * {@code {userId, token, password, ip}} → {@code {}}, or {@link Failure#INVALID_TOKEN}; sets the password,
   * ends every session and revokes every access token of the user.
   */
  public static final String RECOVERY_RESET_PASSWORD = "gatehouse.recovery.reset-password";

  /**
   * Second factor, for the user {@code userId} of a bearer token; bodies carry {@code token} (a TOTP code)
   * or {@code backupCode} where the route takes one. Failures: {@link Failure#INVALID_INPUT} (message for
   * the client), {@link Failure#CODE_REQUIRED}, {@link Failure#WRONG_CODE}, {@link Failure#NOT_FOUND}.
   * Enable → {@code {otpauthUrl, backupCodes}}; verify, confirm, disable → {@code {}};
   * regenerate → {@code {backupCodes, backupCodesHash}}.
   */
  public static final String TWO_FACTOR_ENABLE = "gatehouse.twofactor.enable";
  public static final String TWO_FACTOR_VERIFY = "gatehouse.twofactor.verify";
  public static final String TWO_FACTOR_CONFIRM = "gatehouse.twofactor.confirm";
  public static final String TWO_FACTOR_DISABLE = "gatehouse.twofactor.disable";
  public static final String TWO_FACTOR_REGENERATE = "gatehouse.twofactor.regenerate";
  /**
   * The second login step: {@code {userId, jti, expiresAt (from the verified temp token), token | backupCode,
   * ip}} → {@code {token, user, refreshToken, expiration}}, a new session as a login gives; the temp token
   * is spent (a second use fails with {@link Failure#INVALID_TOKEN}).
   */
  public static final String TWO_FACTOR_LOGIN = "gatehouse.twofactor.login";

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
   * {@code {type, userId?, ip?, score?}} → {@code {banned}}: scores one violation of that type
   * (LibreChat's types: logins, registrations, message_limit, concurrent, non_browser, ...) against the
   * address, and against the user only when the request carried that user's credentials (a bearer or
   * temp token, a device cookie); both are banned when a threshold is crossed.
   * Without a score, the type's configured score applies (1 for unknown types).
   */
  public static final String MODERATION_REPORT = "gatehouse.moderation.report";
  /** {@code {userId?, ip?}} → {@code {banned, until}} (until in ms since the epoch, 0 when not banned). */
  public static final String MODERATION_CHECK = "gatehouse.moderation.check";

  /** Delivery options for a request to a node-local address, with its timeout. */
  public static DeliveryOptions local(long timeoutMs) {
    return new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMs);
  }
}
