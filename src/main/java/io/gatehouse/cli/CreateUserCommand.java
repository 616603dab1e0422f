package io.gatehouse.cli;

import io.gatehouse.accounts.AccountCreator.NewAccount;
import io.gatehouse.accounts.Validation;
import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.store.Documents;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create-user", mixinStandardHelpOptions = true, version = "Gatehouse 0.1.0", sortOptions = false,
  description = "Creates a local user directly in the store, even when ALLOW_REGISTRATION is off. The same rules as registration apply; the first user becomes ADMIN unless --role says otherwise. Missing values are asked for on a terminal; without one, name and username default to the email's local part and a random password is generated and printed unless --password-stdin is given.",
  footer = {"", "Examples:",
    "  bin/create-user ada@example.com \"Ada Lovelace\" ada",
    "  printf '%%s\\n' \"$PASSWORD\" | bin/create-user ada@example.com Ada ada --password-stdin --role ADMIN",
    "  bin/create-user                       # asks for everything on a terminal",
    "", "Exit codes: 0 created, 1 refused (invalid, already exists), 2 bad usage, 3 store unreachable."})
final class CreateUserCommand implements Callable<Integer> {
  private static final String EXISTS = "A user with that email or username already exists!";

  @Parameters(index = "0", arity = "0..1", paramLabel = "email") String email;
  @Parameters(index = "1", arity = "0..1", paramLabel = "name") String name;
  @Parameters(index = "2", arity = "0..1", paramLabel = "username") String username;
  @Parameters(index = "3", arity = "0..1", paramLabel = "password",
    description = "Visible to other users of the machine; prefer --password-stdin or the prompt.") String password;

  @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
  boolean passwordStdin;

  @Option(names = "--email-verified", arity = "1", paramLabel = "true|false",
    description = "Mark the email as verified (default: true; asked on a terminal).")
  Boolean emailVerified;

  @Option(names = "--role", paramLabel = "USER|ADMIN", description = "Role (default: ADMIN for the first user, else USER).")
  Role role;

  @Option(names = "--provider", defaultValue = "local", description = "Login provider recorded for the user (default: ${DEFAULT-VALUE}).")
  String provider;

  enum Role { USER, ADMIN }

  @Override
  public Integer call() {
    Terminal terminal = new Terminal();
    if (password != null) {
      System.err.println("Warning: a password given as an argument shows in the process list and shell history.");
    }
    if (email == null) {
      if (!terminal.interactive()) {
        throw Refusal.usage("An email is required (no terminal to ask on). See --help.");
      }
      email = terminal.ask("Email", null);
      if (email == null) {
        throw Refusal.refused("An email is required.");
      }
    }
    if (!email.contains("@")) {
      throw Refusal.refused("Invalid email address: " + email);
    }
    String localPart = email.substring(0, email.indexOf('@'));
    if (name == null) {
      name = terminal.interactive() ? terminal.ask("Name", localPart) : localPart;
    }
    if (username == null) {
      username = terminal.interactive() ? terminal.ask("Username", localPart) : localPart;
    }
    boolean generated = false;
    if (password == null) {
      password = choosePassword(terminal);
      generated = password == null;
      if (generated) {
        password = randomPassword();
      }
    }
    if (emailVerified == null) {
      emailVerified = !terminal.interactive() || !"n".equalsIgnoreCase(terminal.ask("Email verified? (Y/n)", "Y"));
    }

    JsonObject body = new JsonObject().put("name", name).put("username", username).put("email", email)
      .put("password", password).put("confirm_password", password);
    try (AdminStores stores = AdminStores.open(AdminCli.config())) {
      Optional<String> problem = Validation.registration(body, stores.config.minPasswordLength());
      if (problem.isPresent()) {
        throw Refusal.refused("Invalid user: " + problem.get());
      }
      if (AdminStores.await(stores.parts.users.existsByEmailOrUsername(email, username))) {
        throw Refusal.refused(EXISTS);
      }
      Optional<JsonObject> created = AdminStores.await(stores.parts.accounts.create(new NewAccount(name, username, email,
        password, provider, emailVerified, role == null ? null : role.name())));
      JsonObject user = created.orElseThrow(() -> Refusal.refused(EXISTS));
      String id = Documents.id(user.getValue("_id"));
      SecurityEvents.record("user_created", id, null, "success", "script");
      System.out.println("User created successfully!");
      System.out.println("  id:            " + id);
      System.out.println("  email:         " + user.getString("email"));
      System.out.println("  role:          " + user.getString("role"));
      System.out.println("  emailVerified: " + user.getBoolean("emailVerified"));
      if (generated) {
        System.out.println("  password:      " + password + "   (generated; give it to the user)");
      }
      return ExitCodes.OK;
    }
  }

  /** The password from stdin or the prompt; null means "generate one". */
  private String choosePassword(Terminal terminal) {
    if (passwordStdin) {
      String line = terminal.readLine();
      if (line == null || line.isEmpty()) {
        throw Refusal.refused("No password on standard input.");
      }
      return line;
    }
    if (!terminal.interactive()) {
      return null;
    }
    String first = terminal.askSecret("Password (empty for a random one)");
    if (first.isEmpty()) {
      return null;
    }
    if (!first.equals(terminal.askSecret("Confirm password"))) {
      throw Refusal.refused("The passwords did not match.");
    }
    return first;
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
