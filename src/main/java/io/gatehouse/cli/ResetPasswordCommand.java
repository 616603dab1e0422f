package io.gatehouse.cli;

import io.gatehouse.accounts.Validation;
import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.store.Documents;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reset-password", mixinStandardHelpOptions = true, version = "Gatehouse 0.1.0",
  description = "Sets a new password (the registration rules apply), ends all the user's sessions and revokes their access tokens and device cookies on every running node. The password is asked twice on a terminal, or read from the first line of standard input with --password-stdin.",
  footer = {"", "Examples:",
    "  bin/reset-password ada@example.com",
    "  printf '%%s\\n' \"$NEW_PASSWORD\" | bin/reset-password ada@example.com --password-stdin",
    "", "Exit codes: 0 reset, 1 refused (unknown email, invalid password), 2 bad usage, 3 store unreachable."})
final class ResetPasswordCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "email", description = "The user's email (any case).") String email;

  @Option(names = "--password-stdin", description = "Read the new password from the first line of standard input.")
  boolean passwordStdin;

  @Override
  public Integer call() {
    Terminal terminal = new Terminal();
    if (!passwordStdin && !terminal.interactive()) {
      throw Refusal.usage("No terminal to ask for the password on: pass it with --password-stdin. See --help.");
    }
    try (AdminStores stores = AdminStores.open(AdminCli.config())) {
      JsonObject user = AdminStores.await(stores.parts.users.findByEmail(email));
      if (user == null) {
        throw Refusal.refused("No user with that email was found: " + email);
      }
      String password;
      String confirmation;
      if (passwordStdin) {
        password = terminal.readLine();
        if (password == null || password.isEmpty()) {
          throw Refusal.refused("No password on standard input.");
        }
        confirmation = password;
      } else {
        password = terminal.askSecret("New password");
        confirmation = terminal.askSecret("Confirm new password");
      }
      Optional<String> problem = Validation.newPassword(password, confirmation, stores.config.minPasswordLength());
      if (problem.isPresent()) {
        throw Refusal.refused("Invalid password: " + problem.get());
      }
      String id = Documents.id(user.getValue("_id"));
      long sessions = AdminStores.await(stores.parts.passwords.apply(id, password));
      SecurityEvents.record("password_reset", id, null, "success", "script");
      System.out.println("Password successfully reset for " + user.getString("email") + "; " + sessions
        + " session(s) ended and their access tokens and device cookies revoked.");
      return ExitCodes.OK;
    }
  }
}
