package io.gatehouse.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;

/**
 * The second-factor fields of a {@code users} document, as LibreChat names them: {@code totpSecret},
 * {@code backupCodes}, {@code pendingTotpSecret}, {@code pendingBackupCodes}, {@code twoFactorEnabled};
 * plus {@code totpLastUsedStep}, the last TOTP step accepted, so a code is never accepted twice. Every
 * use of a factor is one conditional update, so two nodes racing with one code cannot both win.
 */
public final class TwoFactorStore {
  public static final String LAST_USED_STEP = "totpLastUsedStep";

  private final MongoClient mongo;

  public TwoFactorStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** Enrolment started: the encrypted secret and the hashed codes wait for a confirming code. */
  public Future<Boolean> setPending(String userId, String encryptedSecret, JsonArray backupCodes) {
    return update(byId(userId), set().put("pendingTotpSecret", encryptedSecret).put("pendingBackupCodes", backupCodes));
  }

  /**
   * Enrolment confirmed with a code of {@code step}: the secret that was checked ({@code from}, still in
   * place) becomes the active one, with the pending codes when there are some.
   */
  public Future<Boolean> confirm(String userId, String sourceField, String encryptedSecret, JsonArray backupCodes,
                                 long step) {
    JsonObject set = set().put("totpSecret", encryptedSecret).put("twoFactorEnabled", true)
      .put("pendingTotpSecret", (Object) null).put("pendingBackupCodes", new JsonArray()).put(LAST_USED_STEP, step);
    if (backupCodes != null && !backupCodes.isEmpty()) {
      set.put("backupCodes", backupCodes);
    }
    return update(byId(userId).put(sourceField, encryptedSecret), set);
  }

  public Future<Boolean> disable(String userId) {
    return update(byId(userId), set().put("totpSecret", (Object) null).put("backupCodes", new JsonArray())
      .put("twoFactorEnabled", false).put("pendingTotpSecret", (Object) null).put("pendingBackupCodes", new JsonArray())
      .put(LAST_USED_STEP, (Object) null));
  }

  public Future<Boolean> replaceBackupCodes(String userId, JsonArray backupCodes) {
    return update(byId(userId), set().put("backupCodes", backupCodes));
  }

  /**
   * Marks the unused backup code with this hash used; false when there is none (wrong, or used already).
   * The element is addressed by its index in {@code codes} (the user's codes as read) and the update is
   * conditional on it still holding that hash unused, so of two racing uses one wins. (The embedded store
   * does not support the positional operator with {@code $elemMatch}.)
   */
  public Future<Boolean> useBackupCode(String userId, JsonArray codes, String codeHash) {
    int index = -1;
    for (int i = 0; codes != null && i < codes.size() && index < 0; i++) {
      if (codes.getValue(i) instanceof JsonObject code && codeHash.equals(code.getValue("codeHash"))
        && !Boolean.TRUE.equals(code.getValue("used"))) {
        index = i;
      }
    }
    if (index < 0) {
      return Future.succeededFuture(false);
    }
    String at = "backupCodes." + index + ".";
    JsonObject query = byId(userId).put(at + "codeHash", codeHash).put(at + "used", false);
    return update(query, set().put(at + "used", true).put(at + "usedAt", Documents.date(Instant.now())));
  }

  /** Records {@code step} as the last accepted one, if it is later than the last; false for a replay. */
  public Future<Boolean> claimStep(String userId, long step) {
    return update(stepClaim(userId, step), set().put(LAST_USED_STEP, step));
  }

  /** The compare-and-set shape of every update here: the user's id and a condition; the id's index serves it. */
  static JsonObject stepClaim(String userId, long step) {
    return byId(userId).put("$or", new JsonArray()
      .add(new JsonObject().put(LAST_USED_STEP, (Object) null))
      .add(new JsonObject().put(LAST_USED_STEP, new JsonObject().put("$lt", step))));
  }

  private static JsonObject byId(String userId) {
    return new JsonObject().put("_id", userId);
  }

  private static JsonObject set() {
    return new JsonObject().put("updatedAt", Documents.date(Instant.now()));
  }

  private Future<Boolean> update(JsonObject query, JsonObject set) {
    return mongo.updateCollection(Collections.USERS, query, new JsonObject().put("$set", set))
      .map(result -> result != null && result.getDocMatched() > 0);
  }
}
