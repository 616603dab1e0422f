package io.gatehouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.moderation.Moderation;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Scripts;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("bin/ban-user, bin/unban-user and bin/list-bans run as processes against a running node")
class BanScriptsIT extends NodeSuite {
  static final String BANNED = "{\"message\":\"Your account has been temporarily banned due to violations of our service.\"}";

  @Override
  protected Map<String, String> variables() {
    return Map.of("BAN_VIOLATIONS", "true", "BAN_INTERVAL", "20");
  }

  /** Polls (at most 2 s) until the answer has the status; returns the last answer. */
  private static Http.Answer within2s(int status, Supplier<Http.Answer> call) {
    return Eventually.until(Duration.ofSeconds(2), "status " + status, call, answer -> answer.status() == status);
  }

  @Test
  @DisplayName("ban-user bans at once on the running node, list-bans shows it, unban-user lifts it")
  void banListUnban() {
    String email = "script-banned@example.com";
    String token = Accounts.registerAndLogin(http, email).json().getString("token");

    Scripts.Result ban = run("ban-user", email, "2h");
    assertEquals(0, ban.exitCode(), ban.describe());
    assertTrue(ban.stdout().contains("Banned " + email), ban.describe());

    Http.Answer bearer = within2s(403, () -> http.get("/api/user").bearer(token).send());
    assertEquals(BANNED, bearer.text());
    long retry = Long.parseLong(bearer.header("Retry-After"));
    assertTrue(retry > 7100 && retry <= 7200, "Retry-After " + retry);
    Http.Answer refused = Accounts.loginAttempt(http, email, Accounts.PASSWORD);
    assertEquals(403, refused.status(), refused.text());
    assertEquals(BANNED, refused.text());

    Scripts.Result list = run("list-bans");
    assertEquals(0, list.exitCode(), list.describe());
    String row = list.stdout().lines().filter(line -> line.startsWith(email)).findFirst()
      .orElseThrow(() -> new AssertionError("no row for " + email + "\n" + list));
    assertTrue(row.contains("manual"), row);
    Scripts.Result json = run("list-bans", "--json");
    assertEquals(0, json.exitCode(), json.describe());
    JsonObject listed = new JsonObject(json.stdout());
    JsonArray bans = listed.getJsonArray("bans");
    assertEquals(bans.size(), listed.getInteger("total"));
    JsonObject entry = bans.stream().map(JsonObject.class::cast).filter(b -> email.equals(b.getString("who")))
      .findFirst().orElseThrow(() -> new AssertionError("not listed: " + json));
    assertEquals("manual", entry.getString("type"));
    assertTrue(entry.getString("subject").startsWith("user:"), entry.encode());

    Scripts.Result unban = run("unban-user", email);
    assertEquals(0, unban.exitCode(), unban.describe());
    assertTrue(unban.stdout().contains("Lifted the ban on " + email), unban.describe());
    within2s(200, () -> Accounts.loginAttempt(http, email, Accounts.PASSWORD));
    Scripts.Result after = run("list-bans", "--json");
    assertTrue(new JsonObject(after.stdout()).getJsonArray("bans").stream().map(JsonObject.class::cast)
      .noneMatch(b -> email.equals(b.getString("who"))), after.describe());
  }

  @Test
  @DisplayName("unban-user frees a banned IP address")
  void unbanAddress() {
    String email = "behind-banned-ip@example.com";
    Accounts.register(http, email);
    assertTrue(TestGatehouse.await(Moderation.client(server.vertx()).report("logins", null, "203.0.113.9", 20L)));
    Http.Answer banned = Accounts.loginAttempt(http, email, Accounts.PASSWORD, "203.0.113.9");
    assertEquals(403, banned.status(), banned.text());
    assertEquals(BANNED, banned.text());
    assertEquals(200, Accounts.loginAttempt(http, email, Accounts.PASSWORD, "203.0.113.10").status(),
      "another address is not banned");

    Scripts.Result list = run("list-bans");
    assertEquals(0, list.exitCode(), list.describe());
    assertTrue(list.stdout().lines().anyMatch(line -> line.startsWith("203.0.113.9 ") && line.contains("logins")),
      list.describe());

    Scripts.Result unban = run("unban-user", "203.0.113.9");
    assertEquals(0, unban.exitCode(), unban.describe());
    assertTrue(unban.stdout().contains("Lifted the ban on 203.0.113.9"), unban.describe());
    within2s(200, () -> Accounts.loginAttempt(http, email, Accounts.PASSWORD, "203.0.113.9"));
  }

  @Test
  @DisplayName("list-violations shows the recorded violations, newest first, as a table and as JSON")
  void listViolations() {
    TestGatehouse.await(Moderation.client(server.vertx()).report("registrations", null, "198.51.100.77", 1L));

    Scripts.Result table = run("list-violations", "--limit", "5");
    assertEquals(0, table.exitCode(), table.describe());
    String newest = table.stdout().lines().skip(1).findFirst().orElse("");
    assertTrue(newest.contains("registrations") && newest.contains("198.51.100.77"), table.describe());

    Scripts.Result json = run("list-violations", "--json");
    assertEquals(0, json.exitCode(), json.describe());
    JsonObject first = new JsonObject(json.stdout()).getJsonArray("violations").getJsonObject(0);
    assertEquals("registrations", first.getString("type"), json.describe());
    assertEquals("198.51.100.77", first.getString("ip"), json.describe());

    assertEquals(2, run("list-violations", "--limit", "0").exitCode(), "a limit out of range is bad usage");
  }

  @Test
  @DisplayName("ban-user refuses a bad duration with exit 2; unknown emails and non-addresses are refused with exit 1")
  void refusals() {
    Accounts.register(http, "bad-duration@example.com");
    Scripts.Result badDuration = run("ban-user", "bad-duration@example.com", "3x");
    assertEquals(2, badDuration.exitCode(), badDuration.describe());
    assertTrue(badDuration.stderr().contains("Invalid duration '3x'"), badDuration.describe());
    assertEquals(200, Accounts.loginAttempt(http, "bad-duration@example.com", Accounts.PASSWORD).status(),
      "nobody was banned");

    Scripts.Result unknown = run("ban-user", "nobody-here@example.com", "2h");
    assertEquals(1, unknown.exitCode(), unknown.describe());
    assertTrue(unknown.stderr().contains("No user with that email"), unknown.describe());
    Scripts.Result unknownUnban = run("unban-user", "nobody-here@example.com");
    assertEquals(1, unknownUnban.exitCode(), unknownUnban.describe());
    // hex letters alone are a word, not an address
    Scripts.Result notAnAddress = run("unban-user", "cafe");
    assertEquals(1, notAnAddress.exitCode(), notAnAddress.describe());
    assertTrue(notAnAddress.stderr().contains("Not an email or an IP address"), notAnAddress.describe());
  }

  @Test
  @DisplayName("each script explains itself with --help: usage, examples, exit codes")
  void help() {
    for (String name : List.of("ban-user", "unban-user", "list-bans", "list-violations")) {
      Scripts.Result help = run(name, "--help");
      assertEquals(0, help.exitCode(), help.describe());
      assertTrue(help.stdout().contains("Usage: bin/" + name), help.describe());
      assertTrue(help.stdout().contains("Examples:"), help.describe());
      assertTrue(help.stdout().contains("Exit codes:"), help.describe());
    }
  }

  private Scripts.Result run(String script, String... args) {
    return Scripts.script(script).dataDir(server.dataDir()).args(args).run();
  }
}
