package io.gatehouse.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list-violations", mixinStandardHelpOptions = true, version = "Gatehouse 0.1.0",
  description = "Lists the most recent violations, newest first: when, type, score, the user's score after it, "
    + "user id and IP address. Gatehouse keeps the last 10,000.",
  footer = {"", "Examples:",
    "  bin/list-violations",
    "  bin/list-violations --limit 500 --json",
    "", "Exit codes: 0 listed, 2 bad usage, 3 store unreachable."})
final class ListViolationsCommand implements Callable<Integer> {
  @Option(names = "--limit", defaultValue = "50", description = "How many (default: ${DEFAULT-VALUE}, at most 10000).")
  int limit;

  @Option(names = "--json", description = "One JSON document: {\"violations\": [...], \"total\": N}.") boolean json;

  @Override
  public Integer call() {
    if (limit < 1 || limit > 10_000) {
      throw Refusal.usage("--limit must be between 1 and 10000");
    }
    try (AdminStores stores = AdminStores.open(AdminCli.config())) {
      List<JsonObject> recent = AdminStores.await(stores.parts.violations.recent(limit));
      if (json) {
        System.out.println(new JsonObject().put("violations", new JsonArray(List.copyOf(recent)))
          .put("total", recent.size()).encodePrettily());
        return ExitCodes.OK;
      }
      String format = "%-24s  %-22s  %5s  %7s  %-24s  %s%n";
      System.out.printf(format, "When", "Type", "Score", "Total", "User", "IP");
      for (JsonObject v : recent) {
        System.out.printf(format, v.getString("date"), v.getString("type"), v.getValue("score"),
          v.getValue("violation_count"), v.getString("user_id", ""), v.getString("ip", ""));
      }
      System.out.println();
      System.out.println("Violations listed: " + recent.size());
      return ExitCodes.OK;
    }
  }
}
