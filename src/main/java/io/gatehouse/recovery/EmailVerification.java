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

/**
 * Email verification (reference §6): with mail configured, a new local account waits unverified for the
 * link {@code DOMAIN_CLIENT/verify?token=…&email=…}, which the web app posts to {@code /api/user/verify}.
 */
public final class EmailVerification {
  static final String TYPE = "email_verification";

  private final UserStore users;
  private final OneTimeTokens tokens;
  private final Mailer mailer;
  private final Function<String, Future<Void>> userChanged;
  private final String clientBase;

  EmailVerification(UserStore users, OneTimeTokens tokens, Mailer mailer, Function<String, Future<Void>> userChanged,
                    String clientBase) {
    this.users = users;
    this.tokens = tokens;
    this.mailer = mailer;
    this.userChanged = userChanged;
    this.clientBase = clientBase;
  }

  /** True when new accounts must verify their email: mail is configured. */
  public boolean required() {
    return mailer != null;
  }

  /** Issues a token and mails the link; fails (after at most EMAIL_SEND_TIMEOUT) when the mail does not go out. */
  public Future<Void> send(JsonObject user) {
    String userId = Documents.id(user.getValue("_id"));
    String email = user.getString("email");
    return tokens.issue(userId, TYPE, email)
      .compose(raw -> mailer.send(email, MailTemplate.VERIFY_EMAIL, user.getString("name"),
        clientBase + "/verify?token=" + raw + "&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)))
      .onSuccess(v -> SecurityEvents.record("email_verification", userId, null, "sent", null))
      .onFailure(error -> SecurityEvents.record("email_verification", userId, null, "not_sent", describe(error)));
  }

  /** Marks the account verified for a live token of it; an account verified already succeeds as it is. */
  public Future<JsonObject> verify(Object email, Object token) {
    if (!(email instanceof String address) || address.isBlank()) {
      return invalid(null);
    }
    return users.findByEmail(decoded(address)).compose(user -> {
      if (user == null) {
        return invalid(null);
      }
      String userId = Documents.id(user.getValue("_id"));
      if (Boolean.TRUE.equals(user.getBoolean("emailVerified"))) {
        return Future.succeededFuture(new JsonObject());
      }
      return tokens.consume(userId, TYPE, token).compose(live -> !live ? invalid(userId)
        : users.markVerified(userId).compose(done -> {
          SecurityEvents.record("email_verification", userId, null, "verified", null);
          return userChanged.apply(userId).map(new JsonObject());
        }));
    });
  }

  /** A new link for an account still waiting for one; unknown and verified accounts get the same answer, no mail. */
  public Future<JsonObject> resend(String email) {
    if (mailer == null) {
      return Future.succeededFuture(new JsonObject());
    }
    return users.findByEmail(email).compose(user -> user == null || Boolean.TRUE.equals(user.getBoolean("emailVerified"))
      ? Future.succeededFuture(new JsonObject())
      : send(user).<JsonObject>map(new JsonObject())
        .recover(error -> Future.failedFuture(new Refused(Failure.INTERNAL, "verification mail not sent"))));
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
