package io.gatehouse.oauth;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Services;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.OAuthConfig;
import io.gatehouse.moderation.BanCache;
import io.gatehouse.ops.GatehouseMeters;
import io.gatehouse.revocation.RevocationStore;
import io.gatehouse.store.UserStore;
import io.gatehouse.tokens.Sessions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import java.util.HashMap;
import java.util.Map;

/** Offers {@link SocialLogin} on the event bus: one instance per node, owning the providers' clients. */
public final class OAuthVerticle extends VerticleBase {
  private final GatehouseConfig config;
  private final Redis redis;
  private final UserStore users;
  private final RevocationStore announcements;
  private final GatehouseMeters meters;
  private final Sessions sessions;
  private final BanCache bans;
  private ProviderHttp http;

  public OAuthVerticle(GatehouseConfig config, Redis redis, UserStore users, RevocationStore announcements,
                       GatehouseMeters meters, Sessions sessions, BanCache bans) {
    this.config = config;
    this.redis = redis;
    this.users = users;
    this.announcements = announcements;
    this.meters = meters;
    this.sessions = sessions;
    this.bans = bans;
  }

  @Override
  public Future<?> start() {
    // key parsing and the first signature load crypto classes: off the event loop
    return vertx.executeBlocking(this::build)
      .compose(service -> Services.serve(vertx, SocialLogin.class, Addresses.SOCIAL_LOGIN, service));
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
      sessions, bans, meters);
  }

  @Override
  public Future<?> stop() {
    if (http != null) {
      http.close();
    }
    return Future.succeededFuture();
  }
}
