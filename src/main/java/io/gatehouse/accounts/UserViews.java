package io.gatehouse.accounts;

import io.gatehouse.store.Documents;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** The three shapes in which LibreChat shows a user document, exactly as its routes do. */
public final class UserViews {
  /** {@code GET /api/user} shows only these fields. */
  private static final List<String> PROFILE_FIELDS = List.of("_id", "id", "name", "username", "email", "emailVerified",
    "avatar", "provider", "role", "plugins", "twoFactorEnabled", "termsAccepted", "personalization", "favorites",
    "skillStates", "createdAt", "updatedAt", "tenantId");
  /** Never leave the server, whatever the route. */
  private static final Set<String> SECRET_FIELDS = Set.of("password", "__v", "totpSecret", "backupCodes",
    "pendingTotpSecret", "pendingBackupCodes", "federatedTokens", "refreshToken", "totpLastUsedStep");

  private UserViews() {
  }

  /** {@code GET /api/user}. */
  public static JsonObject profile(JsonObject user) {
    JsonObject api = withoutSecrets(user).put("id", Documents.id(user.getValue("_id")));
    JsonObject out = new JsonObject();
    for (String field : PROFILE_FIELDS) {
      if (api.containsKey(field)) {
        out.put(field, api.getValue(field));
      }
    }
    return out;
  }

  /** The login answer: the whole document without secrets, plus {@code id}. */
  public static JsonObject login(JsonObject user) {
    return withoutSecrets(user).put("id", Documents.id(user.getValue("_id")));
  }

  /**
   * The document without secrets: what may be cached and passed around, and exactly the refresh
   * answer's {@code user} (which, as in LibreChat, has {@code _id} but no {@code id}).
   */
  public static JsonObject document(JsonObject user) {
    return withoutSecrets(user);
  }

  private static JsonObject withoutSecrets(JsonObject user) {
    JsonObject api = (JsonObject) Documents.toApi(user);
    SECRET_FIELDS.forEach(api::remove);
    return api;
  }
}
