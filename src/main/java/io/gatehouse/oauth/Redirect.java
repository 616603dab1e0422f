package io.gatehouse.oauth;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/** Where a social login's start sends the browser, and the binding cookie's value (kept or new) it must carry. */
@DataObject
public final class Redirect {
  private final String location;
  private final String binding;

  public Redirect(String location, String binding) {
    this.location = location;
    this.binding = binding;
  }

  public Redirect(JsonObject json) {
    this(json.getString("location"), json.getString("binding"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("location", location).put("binding", binding);
  }

  public String location() {
    return location;
  }

  public String binding() {
    return binding;
  }
}
