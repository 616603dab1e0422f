package io.gatehouse.cli;

import io.gatehouse.store.Documents;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list-bans", mixinStandardHelpOptions = true, version = "Gatehouse 0.1.0",
  description = "Lists the active bans: who (user email or IP address), why (the violation type), until when.",
  footer = {"", "Examples:",
    "  bin/list-bans",
    "  bin/list-bans --json",
    "", "Exit codes: 0 listed, 2 bad usage, 3 store unreachable."})
final class ListBansCommand implements Callable<Integer> {
  @Option(names = "--json", description = "One JSON document: {\"bans\": [...], \"total\": N}.") boolean json;

  @Override
  public Integer call() {
    try (AdminStores stores = AdminStores.open(AdminCli.config())) {
      Map<String, JsonObject> bans = AdminStores.await(stores.parts.bans.loadAll());
      long now = System.currentTimeMillis();
      JsonArray rows = new JsonArray();
      for (Map.Entry<String, JsonObject> ban : bans.entrySet()) {
        String subject = ban.getKey();
        JsonObject record = ban.getValue();
        String who = subject.startsWith("ip:") ? subject.substring(3) : emailOf(stores, subject.substring(5));
        long until = record.getLong("expiresAt", 0L);
        rows.add(new JsonObject().put("who", who).put("subject", subject).put("type", record.getString("type"))
          .put("violationCount", record.getValue("violation_count"))
          .put("until", Documents.isoDate(Instant.ofEpochMilli(until))).put("remaining", Durations.describe(until - now)));
      }
      if (json) {
        System.out.println(new JsonObject().put("bans", rows).put("total", rows.size()).encodePrettily());
        return ExitCodes.OK;
      }
      String format = "%-40s  %-20s  %-26s  %s%n";
      System.out.printf(format, "Who", "Why", "Until", "Left");
      for (int i = 0; i < rows.size(); i++) {
        JsonObject row = rows.getJsonObject(i);
        System.out.printf(format, row.getString("who"), row.getString("type"), row.getString("until"),
          row.getString("remaining"));
      }
      System.out.println();
      System.out.println("Active bans: " + rows.size());
      return ExitCodes.OK;
    }
  }

  private static String emailOf(AdminStores stores, String userId) {
    JsonObject user = AdminStores.await(stores.parts.users.findById(userId));
    return user == null ? "(deleted user " + userId + ")" : user.getString("email");
  }
}
