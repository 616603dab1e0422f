package io.gatehouse.oauth;

/**
 * Why a social login did not end in a session. The reason goes to the security log and the metrics,
 * never to the browser (which only ever sees {@code error=auth_failed}); it never holds a code or token.
 */
public final class OAuthFailure extends RuntimeException {
  /** The login was refused by a rule (registration off, email owned by another provider, role missing). */
  public static final String REFUSED = "refused";
  /** The flow broke: bad state, bad code, a provider error or an id_token that did not verify. */
  public static final String FAILED = "failed";

  private final String outcome;
  private final String reason;

  private OAuthFailure(String outcome, String reason) {
    super(reason, null, false, false);
    this.outcome = outcome;
    this.reason = reason;
  }

  public static OAuthFailure refused(String reason) {
    return new OAuthFailure(REFUSED, reason);
  }

  public static OAuthFailure failed(String reason) {
    return new OAuthFailure(FAILED, reason);
  }

  public String outcome() {
    return outcome;
  }

  public String reason() {
    return reason;
  }
}
