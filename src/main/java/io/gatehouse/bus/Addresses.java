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
   * {@code {email, password, ip}} → {@code {token, user, refreshToken, expiration}}, or
   * {@code {twoFAPending: true, tempToken}} for an account with two-factor authentication.
   */
  public static final String TOKENS_LOGIN = "gatehouse.tokens.login";
  /** {@code {refreshToken}} → {@code {token, user, refreshToken, expiration}}, rotating the session. */
  public static final String TOKENS_REFRESH = "gatehouse.tokens.refresh";
  /** {@code {userId, refreshToken?}} → {@code {}}; deletes the session of that refresh token. */
  public static final String TOKENS_LOGOUT = "gatehouse.tokens.logout";

  /**
   * {@code {type, userId?, email?, ip?, score?}} → {@code {banned}}: scores one violation of that type
   * (LibreChat's types: logins, registrations, message_limit, concurrent, non_browser, ...) against the
   * user (or the account of the email) and the address, banning both when a threshold is crossed.
   * Without a score, the type's configured score applies (1 for unknown types).
   */
  public static final String MODERATION_REPORT = "gatehouse.moderation.report";
  /** {@code {userId?, email?, ip?}} → {@code {banned, until}} (until in ms since the epoch, 0 when not banned). */
  public static final String MODERATION_CHECK = "gatehouse.moderation.check";

  /** Delivery options for a request to a node-local address, with its timeout. */
  public static DeliveryOptions local(long timeoutMs) {
    return new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMs);
  }
}
