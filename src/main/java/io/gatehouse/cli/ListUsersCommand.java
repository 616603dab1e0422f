package io.gatehouse.cli;

import io.gatehouse.store.Documents;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list-users", mixinStandardHelpOptions = true, version = "Gatehouse 0.1.0",
  description = "Lists every user: id, email, username, name, provider, role, created; then the total.",
  footer = {"", "Examples:",
    "  bin/list-users",
    "  bin/list-users --json | jq -r '.users[].email'",
    "", "Exit codes: 0 listed, 2 bad usage, 3 store unreachable."})
final class ListUsersCommand implements Callable<Integer> {
  @Option(names = "--json", description = "One JSON document: {\"users\": [...], \"total\": N}.") boolean json;

  @Override
  public Integer call() {
    try (AdminStores stores = AdminStores.open(AdminCli.config())) {
      List<JsonObject> users = AdminStores.await(stores.parts.users.listAll());
      JsonArray rows = new JsonArray();
      for (JsonObject user : users) {
        rows.add((JsonObject) Documents.toApi(user.put("provider", user.getString("provider", "email"))));
      }
      if (json) {
        System.out.println(new JsonObject().put("users", rows).put("total", rows.size()).encodePrettily());
        return ExitCodes.OK;
      }
      String format = "%-24s  %-32s  %-16s  %-20s  %-8s  %-5s  %s%n";
      System.out.printf(format, "ID", "Email", "Username", "Name", "Provider", "Role", "Created");
      for (int i = 0; i < rows.size(); i++) {
        JsonObject user = rows.getJsonObject(i);
        System.out.printf(format, user.getString("_id"), user.getString("email"), value(user, "username"),
          value(user, "name"), value(user, "provider"), value(user, "role"), value(user, "createdAt"));
      }
      System.out.println();
      System.out.println("Total Users: " + rows.size());
      return ExitCodes.OK;
    }
  }

  private static String value(JsonObject user, String field) {
    Object value = user.getValue(field);
    return value == null ? "" : value.toString();
  }
}
