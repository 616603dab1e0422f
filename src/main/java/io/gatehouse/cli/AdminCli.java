package io.gatehouse.cli;

import io.gatehouse.config.ConfigException;
import io.gatehouse.config.GatehouseConfig;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The operator scripts' one entry point: {@code bin/create-user} and friends call it with their
 * subcommand's name first. Exit codes: 0 done, 1 refused, 2 bad usage, 3 a store unreachable.
 */
public final class AdminCli {
  private static final Map<String, Supplier<Object>> COMMANDS = Map.of(
    "create-user", CreateUserCommand::new,
    "delete-user", DeleteUserCommand::new,
    "list-users", ListUsersCommand::new,
    "reset-password", ResetPasswordCommand::new,
    "ban-user", BanUserCommand::new,
    "unban-user", UnbanUserCommand::new,
    "list-bans", ListBansCommand::new,
    "list-violations", ListViolationsCommand::new);

  private AdminCli() {
  }

  public static void main(String[] args) {
    int code;
    try {
      code = run(args);
    } catch (Throwable error) {
      // whatever escapes, exit: Vert.x's non-daemon threads would otherwise keep the script alive forever
      System.err.println("Failed: " + error);
      code = ExitCodes.REFUSED;
    }
    System.exit(code);
  }

  static int run(String... args) {
    if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
      System.err.println("Usage: AdminCli <" + String.join("|", COMMANDS.keySet()) + "> [options]; "
        + "normally run as bin/<command>.");
      return ExitCodes.USAGE;
    }
    CommandLine line = new CommandLine(COMMANDS.get(args[0]).get())
      .setCommandName("bin/" + args[0])
      .setUsageHelpWidth(100);
    line.setExecutionExceptionHandler((error, cmd, parsed) -> {
      if (error instanceof Refusal refusal) {
        cmd.getErr().println(refusal.getMessage());
        return refusal.exitCode();
      }
      if (error instanceof ConfigException config) {
        cmd.getErr().println("Configuration: " + config.getMessage());
        return ExitCodes.USAGE;
      }
      cmd.getErr().println("Failed: " + error);
      return ExitCodes.REFUSED;
    });
    return line.execute(Arrays.copyOfRange(args, 1, args.length));
  }

  /** The environment (and conf/gatehouse.env) the server would read. */
  static GatehouseConfig config() {
    return GatehouseConfig.fromEnvironment();
  }
}
