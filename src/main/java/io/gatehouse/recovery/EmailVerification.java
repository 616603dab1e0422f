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
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Email verification (reference §6): with mail configured, a new local account waits unverified for the
 * link {@code DOMAIN_CLIENT/verify?token=…&email=…}, which the web app posts to {@code /api/user/verify}.
 */
public final class EmailVerification {
  public static final String TYPE = "email_verification";
  private static final Logger LOG = LoggerFactory.getLogger(EmailVerification.class);

  private final UserStore users;
  private final OneTimeTokens tokens;
  private final Mailer mailer;
  private final Function<String, Future<Void>> userChanged;
  private final String clientBase;
  private final MailQuota quota;

  public EmailVerification(UserStore users, OneTimeTokens tokens, Mailer mailer, Function<String, Future<Void>> userChanged,
                    String clientBase, MailQuota quota) {
    this.users = users;
    this.tokens = tokens;
    this.mailer = mailer;
    this.userChanged = userChanged;
    this.clientBase = clientBase;
    this.quota = quota;
  }

  /** True when new accounts must verify their email: mail is configured. */
  public boolean required() {
    return mailer != null;
  }

  /**
   * Issues a token and mails the link, within the address's quota (a registration's first mail always
   * is); fails (after at most EMAIL_SEND_TIMEOUT) when the mail does not go out.
   */
  public Future<Void> send(JsonObject user) {
    return send(user, null);
  }

  private Future<Void> send(JsonObject user, String ip) {
    String userId = Documents.id(user.getValue("_id"));
    return quota.take(userId, ip).compose(allowed -> allowed ? mailLink(user, userId) : Future.succeededFuture());
  }

  private Future<Void> mailLink(JsonObject user, String userId) {
    String email = user.getString("email");
    return tokens.issue(userId, TYPE, email)
      .compose(raw -> mailer.send(email, MailTemplate.VERIFY_EMAIL, user.getString("name"),
        clientBase + "/verify?token=" + raw + "&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)))
      .onSuccess(v -> SecurityEvents.record("email_verification", userId, null, "sent", null))
      .onFailure(error -> SecurityEvents.record("email_verification", userId, null, "not_sent", describe(error)));
  }

  /**
   * Marks the account verified for a live token of it. An account verified already needs a live token too
   * (as in LibreChat): succeeding for any token would tell anyone which emails have an account.
   */
  public Future<JsonObject> verify(Object email, Object token) {
    if (!(email instanceof String address) || address.isBlank()) {
      return invalid(null);
    }
    return users.findByEmail(decoded(address)).compose(user -> {
      if (user == null) {
        return invalid(null);
      }
      String userId = Documents.id(user.getValue("_id"));
      boolean verified = Boolean.TRUE.equals(user.getBoolean("emailVerified"));
      return tokens.consume(userId, TYPE, token).compose(live -> !live ? invalid(userId)
        : verified ? Future.succeededFuture(new JsonObject())
        : users.markVerified(userId).compose(done -> {
          SecurityEvents.record("email_verification", userId, null, "verified", null);
          return userChanged.apply(userId).map(new JsonObject());
        }));
    });
  }

  /**
   * A new link for an account still waiting for one; unknown and verified accounts get no mail, nor does
   * one that had {@code VERIFY_EMAIL_EMAIL_MAX} of them this window. Answers once the account is looked
   * up, before the quota, the token and the mail, so neither the time taken nor a failed mail tells which
   * accounts wait.
   */
  public Future<JsonObject> resend(String email, String ip) {
    if (mailer == null) {
      return Future.succeededFuture(new JsonObject());
    }
    return users.findByEmail(email).map(user -> {
      if (user != null && !Boolean.TRUE.equals(user.getBoolean("emailVerified"))) {
        String userId = Documents.id(user.getValue("_id"));
        send(user, ip).onFailure(error -> LOG.warn("Verification mail for user {} not sent: {}", userId, error.toString()));
      }
      return new JsonObject();
    });
  }

  /** The web app passes the email on as it found it in the link, possibly still percent-encoded. */
  private static String decoded(String email) {
    if (!email.contains("%")) {
      return email;
    }
    try {
      return URLDecoder.decode(email.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return email;
    }
  }

  private static <T> Future<T> invalid(String userId) {
    SecurityEvents.record("email_verification", userId, null, "refused", "invalid_token");
    return Future.failedFuture(new Refused(Failure.INVALID_TOKEN, "Invalid or expired email verification token"));
  }

  static String describe(Throwable error) {
    return error.getClass().getSimpleName();
  }
}
