package io.gatehouse.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.embedded.GeneratedSecrets;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Store;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@DisplayName("The security-event log")
class SecurityLogTest extends NodeSuite {
  private static final String EMAIL = "audit@example.com";
  private static final String WRONG_PASSWORD = "not the audit password";
  private static final Set<String> FIELDS = Set.of("time", "event", "userId", "ip", "outcome", "reason");

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private OutputStreamAppender<ILoggingEvent> appender;
  private Logger security;

  @Override
  protected Map<String, String> variables() {
    return Map.of("REFRESH_REUSE_GRACE", "0", "BAN_VIOLATIONS", "true", "LOGIN_MAX", "2", "LOGIN_WINDOW", "1",
      "LOGIN_VIOLATION_SCORE", "1", "BAN_INTERVAL", "2");
  }

  /** The same encoder conf/logback.xml uses, writing into memory. */
  @BeforeAll
  void capture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    SecurityEventEncoder encoder = new SecurityEventEncoder();
    encoder.setContext(context);
    encoder.start();
    appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("security-log-test");
    appender.setEncoder(encoder);
    appender.setImmediateFlush(true);
    appender.setOutputStream(captured);
    appender.start();
    security = context.getLogger("gatehouse.security");
    security.addAppender(appender);
  }

  @AfterAll
  void release() {
    security.detachAppender(appender);
    appender.stop();
  }

  private Http.Answer refresh(String refreshToken) {
    return http.post("/api/auth/refresh").header("X-Forwarded-For", "10.9.0.3").cookie("refreshToken", refreshToken).send();
  }

  /** Every captured line, each parsed as one JSON object with exactly the six fields. */
  private List<JsonObject> lines() {
    String text = captured.toString(StandardCharsets.UTF_8);
    List<JsonObject> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      JsonObject json = new JsonObject(line);
      assertEquals(FIELDS, json.fieldNames(), line);
      assertNotNull(Instant.parse(json.getString("time")), line);
      lines.add(json);
    }
    assertTrue(text.isEmpty() || text.endsWith("\n"), "whole lines only");
    return lines;
  }

  private static boolean matches(JsonObject line, String event, String userId, String ip, String outcome, String reason) {
    return event.equals(line.getString("event")) && Objects.equals(userId, line.getString("userId"))
      && Objects.equals(ip, line.getString("ip")) && outcome.equals(line.getString("outcome"))
      && (reason == null ? line.getValue("reason") == null : line.getString("reason", "").startsWith(reason));
  }

  private JsonObject expect(String event, String userId, String ip, String outcome, String reason) {
    List<JsonObject> found = Eventually.until(Duration.ofSeconds(5), event + " " + outcome + " from " + ip,
      () -> lines().stream().filter(line -> matches(line, event, userId, ip, outcome, reason)).toList(),
      list -> !list.isEmpty());
    return found.get(0);
  }

  @Test
  @DisplayName("has one JSON line per login, failure, logout, refresh reuse, violation, ban and refusal, and no secret")
  void scriptedSequence() throws Exception {
    List<String> secrets = new ArrayList<>(List.of(Accounts.PASSWORD, WRONG_PASSWORD));

    Http.Answer registered = http.post("/api/auth/register").header("X-Forwarded-For", "10.9.0.1")
      .json(Accounts.registration(EMAIL));
    assertEquals(200, registered.status(), registered.text());

    Http.Answer first = Accounts.loginAttempt(http, EMAIL, Accounts.PASSWORD, "10.9.0.1");
    assertEquals(200, first.status(), first.text());
    String userId = first.json().getJsonObject("user").getString("_id");
    String accessToken = first.json().getString("token");
    String refreshToken = first.cookie("refreshToken");
    secrets.addAll(List.of(accessToken, refreshToken, first.setCookie("refreshToken")));

    Http.Answer wrong = Accounts.loginAttempt(http, EMAIL, WRONG_PASSWORD, "10.9.0.2");
    assertEquals(404, wrong.status(), wrong.text());

    Http.Answer logout = http.post("/api/auth/logout").header("X-Forwarded-For", "10.9.0.1")
      .bearer(accessToken).cookie("refreshToken", refreshToken).send();
    assertEquals(200, logout.status(), logout.text());

    Http.Answer second = Accounts.loginAttempt(http, EMAIL, Accounts.PASSWORD, "10.9.0.3");
    assertEquals(200, second.status(), second.text());
    String stolen = second.cookie("refreshToken");
    Http.Answer rotated = refresh(stolen);
    assertEquals(200, rotated.status(), rotated.text());
    secrets.addAll(List.of(second.json().getString("token"), stolen, rotated.json().getString("token"),
      rotated.cookie("refreshToken"), rotated.setCookie("refreshToken")));
    Http.Answer replay = refresh(stolen);
    assertEquals(401, replay.status(), replay.text());

    String hash = PasswordHasher.hashNow(Accounts.PASSWORD);
    secrets.add(hash);
    String unverifiedId = Store.insert(server, Store.USERS, Store.localUser("unverified-audit@example.com", hash, false));
    Http.Answer unverified = http.post("/api/auth/login").header("X-Forwarded-For", "10.9.0.6")
      .json(new JsonObject().put("email", "unverified-audit@example.com").put("password", Accounts.PASSWORD));
    assertEquals(422, unverified.status(), unverified.text());

    // LOGIN_MAX=2: two wrong passwords pass, the third scores 1 (429), the fourth 2 = BAN_INTERVAL (403); from
    // the account's own browser (its device cookie), so the account is scored and banned with the address
    String device = second.cookie("gatehouse_device");
    secrets.add(device);
    assertEquals(404, Accounts.loginAttempt(http, EMAIL, WRONG_PASSWORD, "10.9.0.4", device).status());
    assertEquals(404, Accounts.loginAttempt(http, EMAIL, WRONG_PASSWORD, "10.9.0.4", device).status());
    assertEquals(429, Accounts.loginAttempt(http, EMAIL, WRONG_PASSWORD, "10.9.0.4", device).status());
    Http.Answer banned = Accounts.loginAttempt(http, EMAIL, WRONG_PASSWORD, "10.9.0.4", device);
    assertEquals(403, banned.status(), banned.text());
    // the banned address before the password is looked at; the banned account elsewhere once its password is right
    assertEquals(403, Accounts.loginAttempt(http, EMAIL, Accounts.PASSWORD, "10.9.0.4").status());
    assertEquals(403, Accounts.loginAttempt(http, EMAIL, Accounts.PASSWORD, "10.9.0.5").status());

    expect("login", userId, "10.9.0.1", "success", null);
    expect("login", userId, "10.9.0.2", "failure", "bad_credentials");
    expect("logout", userId, "10.9.0.1", "success", null);
    expect("login", userId, "10.9.0.3", "success", null);
    expect("login", unverifiedId, "10.9.0.6", "failure", "email_not_verified");
    expect("refresh_reuse", userId, "10.9.0.3", "session_revoked", "rotated refresh token presented again");
    assertEquals(2, lines().stream()
      .filter(line -> matches(line, "login", userId, "10.9.0.4", "failure", "bad_credentials")).count());
    expect("violation", userId, "10.9.0.4", "logins", "score 1");
    expect("violation", userId, "10.9.0.4", "logins", "score 2");
    expect("ban", userId, "10.9.0.4", "banned", "logins until ");
    expect("login", null, "10.9.0.4", "failure", "banned");
    expect("login", userId, "10.9.0.5", "failure", "banned");

    Path secretsFile = server.dataDir().resolve(GeneratedSecrets.FILE);
    if (Files.exists(secretsFile)) {
      JsonObject generated = new JsonObject(Files.readString(secretsFile));
      generated.forEach(entry -> {
        if (entry.getValue() instanceof String value && value.length() >= 16) {
          secrets.add(value);
        }
      });
    }
    String everything = captured.toString(StandardCharsets.UTF_8);
    for (String secret : secrets) {
      assertNotNull(secret);
      assertFalse(everything.contains(secret), "the security log holds a secret: " + secret);
    }
  }
}
