package io.gatehouse.accounts;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Services;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** The accounts verticle's service ({@link Addresses#ACCOUNTS}). Failures are {@code bus.Refused}. */
@ProxyGen
@VertxGen
public interface Accounts {
  /** bcrypt waits in its queue behind a login storm: give it time, but never hang a request. */
  long TIMEOUT_MS = 30_000;

  /** The typed client of this node's accounts verticle. */
  static Accounts client(Vertx vertx) {
    return new AccountsVertxEBProxy(vertx, Addresses.ACCOUNTS, Services.local(TIMEOUT_MS));
  }

  /**
   * Registers a local account (validated again here): succeeds for a taken email too, after LibreChat's
   * delay, so the answer tells nobody which emails have accounts. Refused with {@code INVALID_INPUT}.
   */
  Future<Void> register(Registration registration);

  /** The user document without secrets ({@link UserViews#document}); refused with {@code NOT_FOUND}. */
  Future<JsonObject> find(String userId);
}
