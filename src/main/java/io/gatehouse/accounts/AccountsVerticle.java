package io.gatehouse.accounts;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Failure;
import io.gatehouse.ops.GatehouseMeters;
import io.gatehouse.store.StoreFailures;
import io.gatehouse.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accounts over the event bus: registration and user lookups (documents without secrets). */
public final class AccountsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AccountsVerticle.class);
  /** An existing email waits this long before the generic answer, as in LibreChat. */
  static final long EXISTING_EMAIL_DELAY_MS = 1000;

  private final AccountService accounts;
  private final UserStore users;
  private final int minPasswordLength;
  private final GatehouseMeters meters;

  public AccountsVerticle(AccountService accounts, UserStore users, int minPasswordLength, GatehouseMeters meters) {
    this.accounts = accounts;
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
    accounts.create(AccountService.NewAccount.fromRegistration(body, true))
      .onSuccess(created -> meters.registered(created.isPresent() ? GatehouseMeters.CREATED : GatehouseMeters.EXISTING))
      .compose(created -> created.isPresent()
        ? Future.succeededFuture(new JsonObject().put("created", true))
        : vertx.timer(EXISTING_EMAIL_DELAY_MS).map(v -> new JsonObject().put("created", false)))
      .onSuccess(message::reply)
      .onFailure(error -> fail(message, "register", error));
  }

  private void find(Message<JsonObject> message) {
    users.findById(message.body().getString("id"))
      .onSuccess(user -> {
        if (user == null) {
          message.fail(Failure.NOT_FOUND.code(), "User not found");
        } else {
          message.reply(UserViews.document(user));
        }
      })
      .onFailure(error -> fail(message, "find", error));
  }

  private static void fail(Message<?> message, String operation, Throwable error) {
    Failure failure = StoreFailures.classify(error);
    LOG.error("Accounts {} failed: {}", operation, error.toString());
    message.fail(failure.code(), failure.name());
  }
}
