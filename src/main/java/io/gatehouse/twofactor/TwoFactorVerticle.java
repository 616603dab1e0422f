package io.gatehouse.twofactor;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The second factor over the event bus; the HTTP verticle has authenticated the user (bearer or temp token). */
public final class TwoFactorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TwoFactorVerticle.class);

  private final TwoFactorService service;

  public TwoFactorVerticle(TwoFactorService service) {
    this.service = service;
  }

  @Override
  public Future<?> start() {
    return Future.all(
      consume(Addresses.TWO_FACTOR_ENABLE, service::enable),
      consume(Addresses.TWO_FACTOR_VERIFY, service::verify),
      consume(Addresses.TWO_FACTOR_CONFIRM, (userId, factor) -> service.confirm(userId, factor.token())),
      consume(Addresses.TWO_FACTOR_DISABLE, service::disable),
      consume(Addresses.TWO_FACTOR_REGENERATE, service::regenerate),
      vertx.eventBus().<JsonObject>localConsumer(Addresses.TWO_FACTOR_LOGIN, m -> Replies.reply(m,
        service.login(m.body().getString("userId"), factor(m), m.body().getString("ip"), m.body().getString("jti"),
          m.body().getLong("expiresAt")), "Two-factor login", LOG))
        .completion());
  }

  private Future<Void> consume(String address, BiFunction<String, TwoFactorService.Factor, Future<JsonObject>> operation) {
    return vertx.eventBus().<JsonObject>localConsumer(address, m -> Replies.reply(m,
      operation.apply(m.body().getString("userId"), factor(m)), address, LOG)).completion();
  }

  private static TwoFactorService.Factor factor(Message<JsonObject> message) {
    return new TwoFactorService.Factor(message.body().getString("token"), message.body().getString("backupCode"));
  }
}
