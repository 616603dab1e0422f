package io.gatehouse.oauth;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Failure;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.OAuthConfig;
import io.gatehouse.ops.GatehouseMeters;
import io.gatehouse.revocation.RevocationStore;
import io.gatehouse.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.util.HashMap;
import java.util.Map;

/**
 * Social login over the event bus ({@code gatehouse.oauth.*}): one instance per node, owning the
 * providers' clients. Failures all carry {@link Failure#OAUTH_FAILED}: the browser learns only
 * {@code auth_failed}, the security log and the metrics learn why.
 */
public final class OAuthVerticle extends VerticleBase {
  private final GatehouseConfig config;
  private final Redis redis;
  private final UserStore users;
  private final RevocationStore announcements;
  private final GatehouseMeters meters;
  private ProviderHttp http;
  private OAuthService service;

  public OAuthVerticle(GatehouseConfig config, Redis redis, UserStore users, RevocationStore announcements,
                       GatehouseMeters meters) {
    this.config = config;
    this.redis = redis;
    this.users = users;
    this.announcements = announcements;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    // key parsing and the first signature load crypto classes: off the event loop
    return vertx.executeBlocking(this::build).compose(built -> {
      service = built;
      var bus = vertx.eventBus();
      return Future.all(
        bus.<JsonObject>localConsumer(Addresses.OAUTH_START, m -> reply(m, service.start(m.body().getString("provider"),
          m.body().getString("binding"), m.body().getString("ip")))).completion(),
        bus.<JsonObject>localConsumer(Addresses.OAUTH_CALLBACK, m -> reply(m, service.callback(
          m.body().getString("provider"), m.body().getJsonObject("params", new JsonObject()),
          m.body().getString("binding"), m.body().getString("ip")))).completion());
    });
  }

  private OAuthService build() {
    Map<String, Provider> providers = Map.of();
    if (!config.oauth().clients().isEmpty()) {
      // outbound clients only where a provider needs them
      http = new ProviderHttp(vertx, config.oauth().httpTimeoutMs());
      providers = Providers.of(vertx, config.oauth(), http, new IdTokens(vertx, http));
    }
    if (providers.get(OAuthConfig.APPLE) instanceof AppleProvider apple) {
      apple.clientSecret();
    }
    Map<String, String> redirectUris = new HashMap<>();
    config.oauth().clients().forEach((name, client) -> redirectUris.put(name, config.serverBase() + client.callbackPath()));
    return new OAuthService(providers, Map.copyOf(redirectUris),
      new StateStore(redis, config.oauth().stateTtlMs()), new AccountLinker(config.oauth(), users, announcements,
        config.recovery().mail().configured()),
      vertx.eventBus(), meters);
  }

  @Override
  public Future<?> stop() {
    if (http != null) {
      http.close();
    }
    return Future.succeededFuture();
  }

  private static void reply(Message<JsonObject> message, Future<JsonObject> result) {
    result.onSuccess(message::reply)
      .onFailure(error -> message.fail(Failure.OAUTH_FAILED.code(), "auth_failed"));
  }
}
