package io.gatehouse.accounts;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Failure;
import io.gatehouse.bus.Refused;
import io.gatehouse.bus.Replies;
import io.gatehouse.recovery.EmailVerification;
import io.gatehouse.store.Documents;
import io.gatehouse.ops.GatehouseMeters;
import io.gatehouse.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts over the event bus: registration (with the verification mail when mail is configured) and
 * user lookups (documents without secrets).
 */
public final class AccountsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AccountsVerticle.class);
  /** An existing email waits this long before the generic answer, as in LibreChat. */
  static final long EXISTING_EMAIL_DELAY_MS = 1000;

  private final AccountService accounts;
  private final UserStore users;
  private final int minPasswordLength;
  private final GatehouseMeters meters;
  private final EmailVerification verification;

  public AccountsVerticle(AccountService accounts, UserStore users, int minPasswordLength, GatehouseMeters meters,
                          EmailVerification verification) {
    this.accounts = accounts;
    this.verification = verification;
    this.users = users;
    this.minPasswordLength = minPasswordLength;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    return Future.all(
      vertx.eventBus().<JsonObject>localConsumer(Addresses.ACCOUNTS_REGISTER, this::register).completion(),
      vertx.eventBus().<JsonObject>localConsumer(Addresses.ACCOUNTS_FIND, this::find).completion());
  }

  private void register(Message<JsonObject> message) {
    JsonObject body = message.body();
    var problem = Validation.registration(body, minPasswordLength);
    if (problem.isPresent()) {
      message.fail(Failure.INVALID_INPUT.code(), problem.get());
      return;
    }
    boolean verify = verification.required();
    Future<JsonObject> registered = accounts.create(AccountService.NewAccount.fromRegistration(body, !verify))
      .onSuccess(created -> meters.registered(created.isPresent() ? GatehouseMeters.CREATED : GatehouseMeters.EXISTING))
      .compose(created -> {
        if (created.isEmpty()) {
          return vertx.timer(EXISTING_EMAIL_DELAY_MS).map(v -> new JsonObject().put("created", false));
        }
        JsonObject answer = new JsonObject().put("created", true);
        return verify ? mailVerification(created.get()).map(answer) : Future.succeededFuture(answer);
      });
    Replies.reply(message, registered, "Accounts register", LOG);
  }

  /** As LibreChat: an account whose verification mail cannot go out is removed again, and the client told. */
  private Future<Void> mailVerification(JsonObject user) {
    return verification.send(user).recover(error -> users.delete(Documents.id(user.getValue("_id")))
      .transform(removed -> Future.failedFuture(new Refused(Failure.INTERNAL, "verification mail not sent"))));
  }

  private void find(Message<JsonObject> message) {
    Future<JsonObject> found = users.findById(message.body().getString("id")).compose(user -> user == null
      ? Future.failedFuture(new Refused(Failure.NOT_FOUND, "User not found"))
      : Future.succeededFuture(UserViews.document(user)));
    Replies.reply(message, found, "Accounts find", LOG);
  }
}
