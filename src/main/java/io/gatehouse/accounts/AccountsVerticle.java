package io.gatehouse.accounts;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Services;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Offers {@link Accounts} on the event bus; one instance per event loop. */
public final class AccountsVerticle extends VerticleBase {
  private final Accounts service;

  public AccountsVerticle(Accounts service) {
    this.service = service;
  }

  @Override
  public Future<?> start() {
    return Services.serve(vertx, Accounts.class, Addresses.ACCOUNTS, service);
  }
}
