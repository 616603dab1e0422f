package io.gatehouse.bus;

/**
 * The event-bus addresses of Gatehouse. Each verticle offers one typed service at one node-local address
 * (the interface is the contract; Vert.x generates its proxy and handler); only {@link #EVENTS} crosses nodes.
 */
public final class Addresses {
  private Addresses() {
  }

  /**
   * Published cluster-wide: {@code {type, ...}} announcing a ban, an unban, a revocation or a user
   * change to every node's caches (see {@code cluster.Announcements}; the scripts use Redis instead).
   */
  public static final String EVENTS = "gatehouse.events";

  /** {@code accounts.Accounts}: registration and user lookups. */
  public static final String ACCOUNTS = "gatehouse.accounts";
  /** {@code tokens.Sessions}: logins, refreshes, logouts, sessions for users proven elsewhere. */
  public static final String SESSIONS = "gatehouse.sessions";
  /** {@code recovery.Recovery}: email verification and password reset. */
  public static final String RECOVERY = "gatehouse.recovery";
  /** {@code twofactor.TwoFactor}: enrolment, codes and the second login step. */
  public static final String TWO_FACTOR = "gatehouse.twofactor";
  /** {@code oauth.SocialLogin}: the social login flow. */
  public static final String SOCIAL_LOGIN = "gatehouse.oauth";
  /** {@code moderation.Moderation}: violations and ban checks. */
  public static final String MODERATION = "gatehouse.moderation";
}
