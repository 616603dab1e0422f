package io.gatehouse.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.moderation.Storms;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.LogCapture;
import io.gatehouse.testing.MailServer;
import io.gatehouse.testing.NodeSuite;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Reset and verification requests naming a victim, from one address or many: the sender's address is
 * scored and banned, the victim is neither banned nor logged out, and the victim's inbox gets at most
 * the quota's mails while every request gets the same generic answer.
 */
@DisplayName("Reset and verification mail cannot bomb an inbox or ban its owner")
class InboxBombTest extends NodeSuite {
  private static final String RESET = "Password Reset Request";
  private static final String VERIFY = "Verify your email";
  private static final String GENERIC =
    "{\"message\":\"If an account with that email exists, a password reset link has been sent to it.\"}";
  private final MailServer mail = MailServer.start();
  private final LogCapture logs = LogCapture.open();
  private final AtomicInteger addresses = new AtomicInteger();

  @Override
  protected Map<String, String> variables() {
    return mail.variables(Map.of("ALLOW_PASSWORD_RESET", "true", "ALLOW_UNVERIFIED_EMAIL_LOGIN", "true",
      "BAN_VIOLATIONS", "true", "BAN_INTERVAL", "3", "BAN_DURATION", "60000"));
  }

  @AfterAll
  void stopMail() {
    logs.close();
    mail.close();
  }

  private String nextAddress() {
    return "10.11.0." + addresses.incrementAndGet();
  }

  private Http.Answer requestReset(String email, String ip) {
    return http.post("/api/auth/requestPasswordReset").header("X-Forwarded-For", ip)
      .json(new JsonObject().put("email", email));
  }

  private long suppressed(String kind) {
    return logs.lines().stream().filter(line -> line.startsWith("gatehouse.security mail_suppressed ")
      && line.contains("outcome=\"" + kind + "\"")).count();
  }

  /** Every request ended in a mail or a suppression: then exactly {@code mails} went out. */
  private void awaitOutcomes(String email, String subject, String kind, int mails, int suppressions) {
    mail.await(email, subject, mails);
    Eventually.until(Duration.ofSeconds(15), suppressions + " suppressed " + kind + " mails", () -> suppressed(kind),
      count -> count >= suppressions);
    assertEquals(mails, mail.mailsTo(email).stream().filter(received -> received.subject().equals(subject)).count());
  }

  @Test
  @DisplayName("reset requests from many addresses send at most RESET_PASSWORD_EMAIL_MAX mails; one address's storm bans only it")
  void resetRequests() {
    Accounts.register(http, "inbox@example.com");
    Storms.Session victim = Storms.session(http, "inbox@example.com", "10.11.1.1");
    long before = suppressed(PasswordResets.TYPE);
    for (int i = 0; i < 6; i++) {
      Http.Answer answer = requestReset("inbox@example.com", nextAddress());
      assertEquals(200, answer.status(), answer.text());
      assertEquals(GENERIC, answer.text(), "the same answer, mail or not");
    }
    awaitOutcomes("inbox@example.com", RESET, PasswordResets.TYPE, 3, (int) before + 3);

    // one address asking over and over: its limiter scores and bans it, never the account it names
    String stranger = "10.11.9.9";
    int status = 0;
    for (int i = 0; i < 10 && status != 403; i++) {
      status = requestReset("inbox@example.com", stranger).status();
    }
    assertEquals(403, status, "the asking address is banned");
    assertNull(redis.get("gatehouse:ban:user:" + victim.userId()));
    assertEquals(200, http.get("/api/user").header("X-Forwarded-For", "10.11.1.1").bearer(victim.token()).send().status());
    Http.Answer refresh = http.post("/api/auth/refresh").header("X-Forwarded-For", "10.11.1.1")
      .cookie("refreshToken", victim.refreshToken()).send();
    assertEquals(200, refresh.status(), "the victim is not logged out: " + refresh.text());
  }

  @Test
  @DisplayName("verification resends send at most VERIFY_EMAIL_EMAIL_MAX mails, the registration's included")
  void verificationResends() {
    Accounts.register(http, "waiting@example.com");
    long before = suppressed(EmailVerification.TYPE);
    for (int i = 0; i < 5; i++) {
      Http.Answer answer = http.post("/api/user/verify/resend").header("X-Forwarded-For", nextAddress())
        .json(new JsonObject().put("email", "waiting@example.com"));
      assertEquals(200, answer.status(), answer.text());
    }
    awaitOutcomes("waiting@example.com", VERIFY, EmailVerification.TYPE, 3, (int) before + 3);
  }
}
