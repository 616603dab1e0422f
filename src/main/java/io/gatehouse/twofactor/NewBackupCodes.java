package io.gatehouse.twofactor;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Backup codes that replaced the old ones, as LibreChat answers: the plain codes and their stored form. */
@DataObject
public final class NewBackupCodes {
  private final JsonObject fields;

  public NewBackupCodes(JsonArray plain, JsonArray stored) {
    fields = new JsonObject().put("backupCodes", plain).put("backupCodesHash", stored);
  }

  public NewBackupCodes(JsonObject json) {
    this(json.getJsonArray("backupCodes"), json.getJsonArray("backupCodesHash"));
  }

  /** {@code {backupCodes, backupCodesHash}}, LibreChat's answer body. */
  public JsonObject toJson() {
    return fields.copy();
  }
}
