package io.gatehouse.cli;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.store.Documents;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete-user", mixinStandardHelpOptions = true, version = "Gatehouse 0.1.0",
  description = "Deletes a user with their sessions and one-time tokens, and revokes their access tokens and device cookies on every running node at once. Asks for confirmation (on the terminal, or a 'y' line on standard input) unless --yes.",
  footer = {"", "Examples:",
    "  bin/delete-user ada@example.com",
    "  bin/delete-user ada@example.com --yes",
    "  echo y | bin/delete-user ada@example.com",
    "", "Exit codes: 0 deleted, 1 refused (unknown email, not confirmed), 2 bad usage, 3 store unreachable."})
final class DeleteUserCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "email", description = "The user's email (any case).") String email;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.") boolean yes;

  @Override
  public Integer call() {
    try (AdminStores stores = AdminStores.open(AdminCli.config())) {
      JsonObject user = AdminStores.await(stores.parts.users.findByEmail(email));
      if (user == null) {
        throw Refusal.refused("No user with that email was found: " + email);
      }
      String id = Documents.id(user.getValue("_id"));
      if (!yes && !new Terminal().confirm("Delete " + user.getString("email") + " (" + id + ") and all their sessions?")) {
        throw Refusal.refused("Not confirmed; nothing was deleted.");
      }
      long sessions = AdminStores.await(stores.parts.sessions.deleteAllOf(id));
      long tokens = AdminStores.await(stores.parts.users.deleteTokensOf(id));
      AdminStores.await(stores.parts.users.delete(id));
      // tokens and device cookies revoked after the sessions are gone: no refresh in between outlives it
      AdminStores.await(stores.parts.revocations.revokeAll(id, System.currentTimeMillis()));
      SecurityEvents.record("user_deleted", id, null, "success", "script");
      System.out.println("Deleted " + user.getString("email") + " (" + id + "): " + sessions + " session(s), "
        + tokens + " token(s); their access tokens and device cookies are revoked.");
      return ExitCodes.OK;
    }
  }
}
