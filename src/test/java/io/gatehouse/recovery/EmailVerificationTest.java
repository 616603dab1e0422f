package io.gatehouse.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.LogCapture;
import io.gatehouse.testing.MailServer;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Store;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Email verification, through a real SMTP server")
class EmailVerificationTest extends NodeSuite {
  private static final String SUBJECT = "Verify your email";
  private static final String INVALID = "{\"message\":\"Invalid or expired email verification token\"}";
  private final MailServer mail = MailServer.start();
  private final LogCapture logs = LogCapture.open();
  /** Every token mailed in this suite: none may ever appear in a log line. */
  private final List<String> tokens = new ArrayList<>();
  private final AtomicInteger addresses = new AtomicInteger();

  @Override
  protected Map<String, String> variables() {
    return mail.variables(Map.of("APP_TITLE", "Acme Chat"));
  }

  @AfterAll
  void noTokenLogged() {
    logs.close();
    mail.close();
    assertEquals(List.of(), logs.containing(tokens), "no verification token in any log line");
    for (String outcome : List.of("sent", "verified", "refused")) {
      assertTrue(logs.lines().stream().anyMatch(line -> line.startsWith("gatehouse.security email_verification")
        && line.contains("outcome=\"" + outcome + "\"")), "an email_verification " + outcome + " event");
    }
  }

  private String mailedToken(String email, int count) {
    MailServer.Received received = mail.await(email, SUBJECT, count);
    assertEquals(email, URLDecoder.decode(received.linkParameter("/verify", "email").replace("+", "%2B"),
      StandardCharsets.UTF_8));
    String token = received.linkParameter("/verify", "token");
    tokens.add(token);
    return token;
  }

  /** From an address of its own: the verify-email limiter allows 2 per address, and its suite is elsewhere. */
  private Http.Answer verify(String email, String token) {
    return http.post("/api/user/verify").header("X-Forwarded-For", "10.7.0." + addresses.incrementAndGet())
      .json(new JsonObject().put("email", email).put("token", token));
  }

  private static JsonObject verifiedAnswer() {
    return new JsonObject().put("message", "Email verification was successful").put("status", "success");
  }

  /** A new account's link, from the mail its registration sent. */
  private String registered(String email) {
    Accounts.register(http, email);
    return mailedToken(email, 1);
  }

  @Test
  @DisplayName("registration mails a link; login answers 422 until the link is followed, then succeeds")
  void registrationToLogin() {
    String email = "newcomer@example.com";
    Accounts.register(http, email);
    MailServer.Received received = mail.await(email, SUBJECT, 1);
    assertEquals("Acme Chat <" + MailServer.FROM + ">", received.from());
    assertTrue(received.text().contains("Acme Chat"), received.text());
    assertTrue(received.html().contains("<a href=\"" + MailServer.CLIENT + "/verify?token="), received.html());
    String token = mailedToken(email, 1);
    assertTrue(token.matches("[0-9a-f]{64}"), token);

    Http.Answer early = Accounts.loginAttempt(http, email, Accounts.PASSWORD);
    assertEquals(422, early.status());
    assertEquals("{\"message\":\"Email not verified.\"}", early.text());

    Http.Answer verified = verify(email, token);
    assertEquals(200, verified.status(), verified.text());
    assertEquals(verifiedAnswer(), verified.json());
    assertEquals(200, Accounts.loginAttempt(http, email, Accounts.PASSWORD).status());
    assertEquals(Boolean.TRUE, Store.userByEmail(server, email).getBoolean("emailVerified"));
    JsonObject stored = TestGatehouse.await(server.mongo().findOne("tokens", new JsonObject().put("email", email), null));
    assertEquals(null, stored, "the used token is gone");
    Http.Answer again = verify(email, token);
    assertEquals(400, again.status(), "a used link, as LibreChat deletes it: " + again.text());
    assertEquals(INVALID, again.text());
  }

  @Test
  @DisplayName("an account verified already: its live link succeeds, anything else gets the unknown account's 400")
  void alreadyVerified() {
    String email = "early@example.com";
    String token = registered(email);
    // verified another way (an operator, LibreChat) while the link is still live
    TestGatehouse.await(server.mongo().updateCollection("users", new JsonObject().put("email", email),
      new JsonObject().put("$set", new JsonObject().put("emailVerified", true))));
    for (String wrong : List.of("ab".repeat(32), "not a token")) {
      Http.Answer refused = verify(email, wrong);
      assertEquals(400, refused.status(), wrong + ": " + refused.text());
      assertEquals(INVALID, refused.text());
      assertEquals(verify("never-registered@example.com", wrong).text(), refused.text());
    }
    Http.Answer genuine = verify(email, token);
    assertEquals(200, genuine.status(), genuine.text());
    assertEquals(verifiedAnswer(), genuine.json());
  }

  @Test
  @DisplayName("takes the email as the link carries it, percent-encoded")
  void encodedEmail() {
    String email = "plus+tag@example.com";
    String token = registered(email);
    assertEquals(200, verify("plus%2Btag%40example.com", token).status());
  }

  @Test
  @DisplayName("refuses a reused, forged, expired or other account's token, with LibreChat's one answer")
  void refusals() {
    String email = "careful@example.com";
    String other = "other@example.com";
    Accounts.register(http, email);
    Accounts.register(http, other);
    String token = mailedToken(email, 1);
    String othersToken = mailedToken(other, 1);

    assertEquals(INVALID, verify(email, othersToken).text(), "another account's token");
    assertEquals(INVALID, verify(email, "ab".repeat(32)).text(), "forged");
    assertEquals(INVALID, verify(email, token.toUpperCase()).text(), "not the token");
    assertEquals(INVALID, verify("nobody@example.com", token).text(), "unknown account");
    Http.Answer typed = http.post("/api/user/verify").header("X-Forwarded-For", "10.7.1.1")
      .json(new JsonObject().put("email", email).put("token", 42));
    assertEquals(400, typed.status());
    assertEquals(INVALID, typed.text());

    assertEquals(200, verify(email, token).status());
    Http.Answer reused = verify(other, token);
    assertEquals(400, reused.status());

    // the other account's token, made stale: expiry is checked on read, not left to a TTL index
    TestGatehouse.await(server.mongo().updateCollection("tokens", new JsonObject().put("email", other),
      new JsonObject().put("$set", new JsonObject().put("expiresAt",
        new JsonObject().put("$date", Instant.now().minusSeconds(1).toString())))));
    Http.Answer expired = verify(other, othersToken);
    assertEquals(400, expired.status());
    assertEquals(INVALID, expired.text());
    assertEquals(422, Accounts.loginAttempt(http, other, Accounts.PASSWORD).status());
  }

  @Test
  @DisplayName("stores only a hash of the token, expiring 15 minutes after it was issued")
  void storedAsHash() {
    String email = "hashed@example.com";
    String token = registered(email);
    JsonObject stored = TestGatehouse.await(server.mongo().findOne("tokens", new JsonObject().put("email", email), null));
    assertEquals("email_verification", stored.getString("type"));
    assertTrue(!stored.encode().contains(token), "the raw token is not stored");
    assertEquals(64, stored.getString("token").length());
    Instant created = Instant.parse(stored.getJsonObject("createdAt").getString("$date"));
    Instant expires = Instant.parse(stored.getJsonObject("expiresAt").getString("$date"));
    assertEquals(15 * 60, expires.getEpochSecond() - created.getEpochSecond(), 1);
  }

  @Test
  @DisplayName("resend: the same answer for unknown, verified and waiting accounts; a new link only for the last")
  void resend() {
    String waiting = "waiting@example.com";
    String first = registered(waiting);
    for (String email : List.of("unknown@example.com", waiting)) {
      Http.Answer answer = http.post("/api/user/verify/resend").header("X-Forwarded-For", "10.8.0.1")
        .json(new JsonObject().put("email", email));
      assertEquals(200, answer.status(), answer.text());
      assertEquals("{\"message\":\"Please check your email to verify your email address.\"}", answer.text());
    }
    String second = mailedToken(waiting, 2);
    assertEquals(400, verify(waiting, first).status(), "a new link replaces the old one");
    assertEquals(200, verify(waiting, second).status());
    assertEquals(List.of(), mail.mailsTo("unknown@example.com"));

    Http.Answer invalid = http.post("/api/user/verify/resend").header("X-Forwarded-For", "10.8.0.2")
      .json(new JsonObject().put("email", "not an email"));
    assertEquals(400, invalid.status());
    assertEquals("{\"message\":\"email: Invalid email\"}", invalid.text());
  }
}
