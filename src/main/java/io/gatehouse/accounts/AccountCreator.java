package io.gatehouse.accounts;

import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.store.Documents;
import io.gatehouse.store.StoreFailures;
import io.gatehouse.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * Creating local accounts, shared by {@code POST /api/auth/register} and the scripts. Input has been
 * through {@link Validation} before it gets here.
 */
public final class AccountCreator {
  public static final String ROLE_USER = "USER";
  public static final String ROLE_ADMIN = "ADMIN";

  private final UserStore users;
  private final PasswordHasher hasher;

  public AccountCreator(UserStore users, PasswordHasher hasher) {
    this.users = users;
    this.hasher = hasher;
  }

  /** A validated request for a new account; {@code role} null means "ADMIN if first, else USER". */
  public record NewAccount(String name, String username, String email, String password, String provider,
                           boolean emailVerified, String role) {

    /** From a registration body that passed {@link Validation#registration}. */
    public static NewAccount fromRegistration(JsonObject body, boolean emailVerified) {
      return new NewAccount(body.getString("name"), Validation.usernameOrNull(body.getValue("username")),
        body.getString("email"), body.getString("password"), "local", emailVerified, null);
    }
  }

  /** The created user document, or empty when the email is already taken (also when a racing insert won). */
  public Future<Optional<JsonObject>> create(NewAccount account) {
    return users.findByEmail(account.email()).compose(existing -> {
      if (existing != null) {
        return Future.succeededFuture(Optional.empty());
      }
      return Future.all(hasher.hash(account.password()), roleFor(account))
        .compose(ready -> insert(account, ready.resultAt(0), ready.resultAt(1)));
    });
  }

  private Future<String> roleFor(NewAccount account) {
    if (account.role() != null) {
      return Future.succeededFuture(account.role());
    }
    return users.isEmpty().map(first -> first ? ROLE_ADMIN : ROLE_USER);
  }

  private Future<Optional<JsonObject>> insert(NewAccount account, String hash, String role) {
    JsonObject user = newDocument(account.name(), account.username(), account.email(), account.emailVerified(), hash,
      account.provider(), role);
    return users.insert(user)
      .map(id -> Optional.of(user.put("_id", id)))
      .recover(error -> StoreFailures.isDuplicateKey(error)
        ? Future.succeededFuture(Optional.empty())
        : Future.failedFuture(error));
  }

  /** A user document with every field LibreChat's schema gives a new user; {@code passwordHash} null for social users. */
  public static JsonObject newDocument(String name, String username, String email, boolean emailVerified,
                                       String passwordHash, String provider, String role) {
    JsonObject now = Documents.date(Instant.now());
    JsonObject user = new JsonObject()
      .put("name", name)
      .put("username", username)
      .put("email", UserStore.normalizeEmail(email))
      .put("emailVerified", emailVerified);
    if (passwordHash != null) {
      user.put("password", passwordHash);
    }
    return user
      .put("avatar", null)
      .put("provider", provider)
      .put("role", role)
      .put("plugins", new JsonArray())
      .put("twoFactorEnabled", false)
      .put("termsAccepted", false)
      .put("favorites", new JsonArray())
      .put("refreshToken", new JsonArray())
      .put("backupCodes", new JsonArray())
      .put("createdAt", now)
      .put("updatedAt", now)
      .put("__v", 0);
  }
}
