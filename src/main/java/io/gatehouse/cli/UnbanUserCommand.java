package io.gatehouse.cli;

import io.gatehouse.moderation.BanCache;
import io.gatehouse.store.Documents;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "unban-user", mixinStandardHelpOptions = true, version = "Gatehouse 0.1.0",
  description = "Lifts the ban on a user (by email) or on an IP address, on every running node at once, and resets "
    + "their violation scores so the next ban needs a full BAN_INTERVAL again. No restart needed.",
  footer = {"", "Examples:",
    "  bin/unban-user ada@example.com",
    "  bin/unban-user 203.0.113.7",
    "", "Exit codes: 0 lifted (or there was no ban), 1 refused (unknown email, not an address), 2 bad usage, "
    + "3 store unreachable."})
final class UnbanUserCommand implements Callable<Integer> {
  /** An IPv4 address, or an IPv6 one (at least two colons; hex groups, maybe an IPv4 tail). */
  private static final Pattern ADDRESS = Pattern.compile(
    "(\\d{1,3}\\.){3}\\d{1,3}|(?=(?:[^:]*:){2})[0-9a-fA-F:.]{2,45}");

  @Parameters(index = "0", paramLabel = "email|ip", description = "A user's email or a client IP address.") String target;

  @Override
  public Integer call() {
    try (AdminStores stores = AdminStores.open(AdminCli.config())) {
      String subject;
      String who;
      if (target.contains("@")) {
        JsonObject user = AdminStores.await(stores.parts.users.findByEmail(target));
        if (user == null) {
          throw Refusal.refused("No user with that email was found: " + target);
        }
        subject = BanCache.user(Documents.id(user.getValue("_id")));
        who = user.getString("email");
      } else if (ADDRESS.matcher(target).matches()) {
        subject = BanCache.ip(target);
        who = target;
      } else {
        throw Refusal.refused("Not an email or an IP address: " + target);
      }
      boolean wasBanned = AdminStores.await(stores.parts.moderator.unban(subject));
      System.out.println((wasBanned ? "Lifted the ban on " : "No active ban on ") + who + "; violation scores reset.");
      return ExitCodes.OK;
    }
  }
}
