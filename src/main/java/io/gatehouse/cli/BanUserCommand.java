package io.gatehouse.cli;

import io.gatehouse.store.Documents;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "ban-user", mixinStandardHelpOptions = true, version = "Gatehouse 0.1.0",
  description = "Bans a user for a while, whatever BAN_VIOLATIONS and BAN_INTERVAL are: ends their sessions, "
    + "revokes their access tokens, and every running node refuses them at once with LibreChat's 403 "
    + "(and Retry-After) until the ban ends or bin/unban-user lifts it.",
  footer = {"", "Examples:",
    "  bin/ban-user spammer@example.com 2h",
    "  bin/ban-user spammer@example.com 7d",
    "", "Durations: a number with s, m, h or d (45s, 30m, 2h, 7d).",
    "Exit codes: 0 banned, 1 refused (unknown email), 2 bad usage (bad duration), 3 store unreachable."})
final class BanUserCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "email", description = "The user's email (any case).") String email;
  @Parameters(index = "1", paramLabel = "duration", description = "How long: 30m, 2h, 7d, ...") String duration;

  @Override
  public Integer call() {
    long ms = Durations.parse(duration);
    try (AdminStores stores = AdminStores.open(AdminCli.config())) {
      JsonObject user = AdminStores.await(stores.parts.users.findByEmail(email));
      if (user == null) {
        throw Refusal.refused("No user with that email was found: " + email);
      }
      String id = Documents.id(user.getValue("_id"));
      AdminStores.await(stores.parts.moderator.ban(id, null, ms, "manual", 0));
      System.out.println("Banned " + user.getString("email") + " (" + id + ") until "
        + Instant.ofEpochMilli(System.currentTimeMillis() + ms) + " (" + Durations.describe(ms) + ").");
      return ExitCodes.OK;
    }
  }
}
