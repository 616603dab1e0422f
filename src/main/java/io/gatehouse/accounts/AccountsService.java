package io.gatehouse.accounts;

import io.gatehouse.bus.Failure;
import io.gatehouse.bus.Refused;
import io.gatehouse.ops.GatehouseMeters;
import io.gatehouse.recovery.EmailVerification;
import io.gatehouse.store.Documents;
import io.gatehouse.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@link Accounts}: registration (with the verification mail when mail is configured) and user lookups. */
public final class AccountsService implements Accounts {
  /** An existing email waits this long before the generic answer, as in LibreChat. */
  static final long EXISTING_EMAIL_DELAY_MS = 1000;

  private final Vertx vertx;
  private final AccountCreator creator;
  private final UserStore users;
  private final int minPasswordLength;
  private final GatehouseMeters meters;
  private final EmailVerification verification;

  public AccountsService(Vertx vertx, AccountCreator creator, UserStore users, int minPasswordLength,
                         GatehouseMeters meters, EmailVerification verification) {
    this.vertx = vertx;
    this.creator = creator;
    this.users = users;
    this.minPasswordLength = minPasswordLength;
    this.meters = meters;
    this.verification = verification;
  }

  @Override
  public Future<Void> register(Registration registration) {
    JsonObject form = registration.toJson();
    var problem = Validation.registration(form, minPasswordLength);
    if (problem.isPresent()) {
      return Future.failedFuture(new Refused(Failure.INVALID_INPUT, problem.get()));
    }
    boolean verify = verification.required();
    return creator.create(AccountCreator.NewAccount.fromRegistration(form, !verify))
      .onSuccess(created -> meters.registered(created.isPresent() ? GatehouseMeters.CREATED : GatehouseMeters.EXISTING))
      .compose(created -> {
        if (created.isEmpty()) {
          return vertx.timer(EXISTING_EMAIL_DELAY_MS).mapEmpty();
        }
        return verify ? mailVerification(created.get()) : Future.succeededFuture();
      });
  }

  /** As LibreChat: an account whose verification mail cannot go out is removed again, and the client told. */
  private Future<Void> mailVerification(JsonObject user) {
    return verification.send(user).recover(error -> users.delete(Documents.id(user.getValue("_id")))
      .transform(removed -> Future.failedFuture(new Refused(Failure.INTERNAL, "verification mail not sent"))));
  }

  @Override
  public Future<JsonObject> find(String userId) {
    return users.findById(userId).compose(user -> user == null
      ? Future.failedFuture(new Refused(Failure.NOT_FOUND, "User not found"))
      : Future.succeededFuture(UserViews.document(user)));
  }
}
