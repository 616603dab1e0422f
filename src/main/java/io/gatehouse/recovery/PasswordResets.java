package io.gatehouse.recovery;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.bus.Failure;
import io.gatehouse.bus.Refused;
import io.gatehouse.mail.MailTemplate;
import io.gatehouse.mail.Mailer;
import io.gatehouse.store.Documents;
import io.gatehouse.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password reset by mail (reference §1.5, §6), without LibreChat's leaks: the answer to a request is the
 * same, and as quick, whether or not the account exists (the work and the mail happen after it), and
 * the link only ever travels by mail, never in an answer (#1652). At most {@code RESET_PASSWORD_EMAIL_MAX}
 * links per window go to one address, however many addresses ask. A reset ends every session and
 * access token of the account.
 */
public final class PasswordResets {
  public static final String TYPE = "password_reset";
  private static final Logger LOG = LoggerFactory.getLogger(PasswordResets.class);

  private final UserStore users;
  private final OneTimeTokens tokens;
  private final PasswordChange change;
  private final Mailer mailer;
  private final String clientBase;
  private final MailQuota quota;

  public PasswordResets(UserStore users, OneTimeTokens tokens, PasswordChange change, Mailer mailer, String clientBase,
                 MailQuota quota) {
    this.users = users;
    this.tokens = tokens;
    this.change = change;
    this.mailer = mailer;
    this.clientBase = clientBase;
    this.quota = quota;
  }

  /** Answers as soon as the account is looked up; the token and the mail follow in the background. */
  public Future<JsonObject> request(String email, String ip) {
    return users.findByEmail(email).map(user -> {
      if (user == null) {
        SecurityEvents.record("password_reset_request", null, ip, "unknown_email", null);
      } else {
        mailLink(user, ip);
      }
      return new JsonObject();
    });
  }

  private void mailLink(JsonObject user, String ip) {
    String userId = Documents.id(user.getValue("_id"));
    if (mailer == null) {
      SecurityEvents.record("password_reset_request", userId, ip, "not_sent", "mail_not_configured");
      LOG.warn("A password reset was asked for user {}, but mail is not configured, so no link was sent (none is ever "
        + "shown in an answer). Configure mail (see conf/gatehouse.env.example), or set a password with "
        + "bin/reset-password <email>.", userId);
      return;
    }
    quota.take(userId, ip).onSuccess(allowed -> {
      if (allowed) {
        issueAndMail(user, userId, ip);
      }
    });
  }

  private void issueAndMail(JsonObject user, String userId, String ip) {
    tokens.issue(userId, TYPE, null)
      .compose(raw -> mailer.send(user.getString("email"), MailTemplate.PASSWORD_RESET, user.getString("name"),
        clientBase + "/reset-password?token=" + raw + "&userId=" + userId))
      .onSuccess(v -> SecurityEvents.record("password_reset_request", userId, ip, "sent", null))
      .onFailure(error -> {
        SecurityEvents.record("password_reset_request", userId, ip, "not_sent", EmailVerification.describe(error));
        LOG.warn("Password-reset mail for user {} not sent: {}", userId, error.toString());
      });
  }

  /** Sets the password for a live token of the user, ending every session and access token. */
  public Future<JsonObject> reset(String userId, Object token, String password, String ip) {
    return users.findById(userId).compose(user -> {
      if (user == null) {
        return invalid(null, ip);
      }
      return tokens.consume(userId, TYPE, token).compose(live -> !live ? invalid(userId, ip)
        : change.apply(userId, password).map(ended -> {
          SecurityEvents.record("password_reset", userId, ip, "success", "reset_link");
          if (mailer != null) {
            mailer.send(user.getString("email"), MailTemplate.PASSWORD_RESET_DONE, user.getString("name"), null)
              .onFailure(error -> LOG.warn("Password-changed notice for user {} not sent: {}", userId, error.toString()));
          }
          return new JsonObject();
        }));
    });
  }

  private static <T> Future<T> invalid(String userId, String ip) {
    SecurityEvents.record("password_reset", userId, ip, "failure", "invalid_token");
    return Future.failedFuture(new Refused(Failure.INVALID_TOKEN, "invalid or expired reset token"));
  }
}
