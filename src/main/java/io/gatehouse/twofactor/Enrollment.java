package io.gatehouse.twofactor;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A started enrolment, as LibreChat answers it: the authenticator app's URL and ten plain backup codes. */
@DataObject
public final class Enrollment {
  private final JsonObject fields;

  public Enrollment(String otpauthUrl, JsonArray backupCodes) {
    fields = new JsonObject().put("otpauthUrl", otpauthUrl).put("backupCodes", backupCodes);
  }

  public Enrollment(JsonObject json) {
    this(json.getString("otpauthUrl"), json.getJsonArray("backupCodes"));
  }

  /** {@code {otpauthUrl, backupCodes}}, LibreChat's answer body. */
  public JsonObject toJson() {
    return fields.copy();
  }
}
