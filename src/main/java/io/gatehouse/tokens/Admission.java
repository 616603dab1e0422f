package io.gatehouse.tokens;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * How a first factor (a password, a social provider) ended: a {@link Session}; the second step's temp
 * token for an account with two-factor authentication; a ban (its end, ms since the epoch); or, for a
 * password login, a throttle (how long until the account's failures age out).
 */
@DataObject
public final class Admission {
  public enum Outcome { SESSION, TWO_FACTOR_PENDING, BANNED, THROTTLED }

  private final Outcome outcome;
  private final Session session;
  private final String tempToken;
  private final long until;

  private Admission(Outcome outcome, Session session, String tempToken, long until) {
    this.outcome = outcome;
    this.session = session;
    this.tempToken = tempToken;
    this.until = until;
  }

  public static Admission session(Session session) {
    return new Admission(Outcome.SESSION, session, null, 0);
  }

  public static Admission twoFactorPending(String tempToken) {
    return new Admission(Outcome.TWO_FACTOR_PENDING, null, tempToken, 0);
  }

  public static Admission banned(long until) {
    return new Admission(Outcome.BANNED, null, null, until);
  }

  public static Admission throttled(long retryAfterMs) {
    return new Admission(Outcome.THROTTLED, null, null, retryAfterMs);
  }

  public Admission(JsonObject json) {
    this(Outcome.valueOf(json.getString("outcome")),
      json.getJsonObject("session") == null ? null : new Session(json.getJsonObject("session")),
      json.getString("tempToken"), json.getLong("until", 0L));
  }

  public JsonObject toJson() {
    return new JsonObject().put("outcome", outcome.name()).put("session", session == null ? null : session.toJson())
      .put("tempToken", tempToken).put("until", until);
  }

  public Outcome outcome() {
    return outcome;
  }

  /** The session of {@link Outcome#SESSION}, else null. */
  public Session session() {
    return session;
  }

  /** The temp token of {@link Outcome#TWO_FACTOR_PENDING}, else null. */
  public String tempToken() {
    return tempToken;
  }

  /** The ban's end for {@link Outcome#BANNED}. */
  public long bannedUntil() {
    return until;
  }

  /** The wait for {@link Outcome#THROTTLED}, in ms. */
  public long retryAfterMs() {
    return until;
  }
}
