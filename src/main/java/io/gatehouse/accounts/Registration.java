package io.gatehouse.accounts;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/** A registration form that passed {@link Validation#registration}, in LibreChat's field names. */
@DataObject
public final class Registration {
  private final JsonObject fields;

  /** The fields of a form LibreChat's register route takes; anything else is left out. */
  public Registration(JsonObject json) {
    fields = new JsonObject();
    for (String field : new String[] {"name", "username", "email", "password", "confirm_password"}) {
      if (json.containsKey(field)) {
        fields.put(field, json.getValue(field));
      }
    }
  }

  public String email() {
    return fields.getString("email");
  }

  public JsonObject toJson() {
    return fields.copy();
  }
}
