package io.gatehouse.oauth;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.bus.Addresses;
import io.gatehouse.crypto.Hashes;
import io.gatehouse.ops.GatehouseMeters;
import io.gatehouse.store.Documents;
import io.gatehouse.store.StoreFailures;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The social login flow around the providers. Start: a flow (state, nonce, PKCE verifier) saved in
 * Redis and bound to the browser, then the provider's URL. Callback: the flow taken back (once), the
 * binding checked, the provider asked who the user is, the user found or made, the ban list consulted,
 * and a session opened. Every outcome is a security event and a metric.
 */
final class OAuthService {
  private static final Logger LOG = LoggerFactory.getLogger(OAuthService.class);
  private static final DeliveryOptions BUS = Addresses.local(10_000);

  private final Map<String, Provider> providers;
  private final Map<String, String> redirectUris;
  private final StateStore states;
  private final AccountLinker linker;
  private final EventBus bus;
  private final GatehouseMeters meters;

  OAuthService(Map<String, Provider> providers, Map<String, String> redirectUris, StateStore states,
               AccountLinker linker, EventBus bus, GatehouseMeters meters) {
    this.providers = providers;
    this.redirectUris = redirectUris;
    this.states = states;
    this.linker = linker;
    this.bus = bus;
    this.meters = meters;
  }

  /** {@code {location, binding}}: where to send the browser, and the binding cookie's value (kept or new). */
  Future<JsonObject> start(String providerName, String binding, String ip) {
    Provider provider = providers.get(providerName);
    if (provider == null) {
      return failed(providerName, ip, OAuthFailure.failed("provider_not_enabled"));
    }
    String browser = StateStore.wellFormed(binding) ? binding : states.random();
    Flow flow = new Flow(states.random(), provider.name(), Hashes.sha256Hex(browser),
      provider.usesPkce() ? states.random() : null, provider.usesNonce() ? states.random() : null);
    return states.save(flow)
      .compose(v -> provider.authorizeUrl(flow, redirectUris.get(provider.name())))
      .map(location -> new JsonObject().put("location", location).put("binding", browser))
      .recover(error -> failed(providerName, ip, error));
  }

  /**
   * {@code {token, user, refreshToken, expiration}} for a new session, {@code {twoFAPending: true, tempToken}}
   * for an account with 2FA on, or {@code {banned: true, until}}.
   */
  Future<JsonObject> callback(String providerName, JsonObject params, String binding, String ip) {
    Provider provider = providers.get(providerName);
    Callback callback = Callback.of(params);
    if (provider == null) {
      return failed(providerName, ip, OAuthFailure.failed("provider_not_enabled"));
    }
    if (!callback.bounded()) {
      return failed(providerName, ip, OAuthFailure.failed("oversized_parameter"));
    }
    return states.take(callback.state())
      .compose(flow -> {
        if (flow == null || !provider.name().equals(flow.provider())) {
          return Future.failedFuture(OAuthFailure.failed("unknown_or_used_state"));
        }
        if (!StateStore.wellFormed(binding) || !Hashes.constantTimeEquals(Hashes.sha256Hex(binding), flow.bindingHash())) {
          return Future.failedFuture(OAuthFailure.failed("state_from_another_browser"));
        }
        if (callback.error() != null || callback.code() == null) {
          return Future.failedFuture(OAuthFailure.failed(callback.error() != null ? "provider_error" : "missing_code"));
        }
        return provider.identify(callback, flow, redirectUris.get(provider.name()));
      })
      .compose(linker::link)
      .compose(linked -> admit(provider.name(), linked, ip))
      .recover(error -> failed(providerName, ip, error));
  }

  /**
   * The ban list first (a banned user gets LibreChat's 403), then a session as a password login makes
   * one, or the second step when the account has 2FA on.
   */
  private Future<JsonObject> admit(String provider, AccountLinker.Linked linked, String ip) {
    String userId = Documents.id(linked.user().getValue("_id"));
    return bus.<JsonObject>request(Addresses.MODERATION_CHECK, new JsonObject().put("userId", userId).put("ip", ip), BUS)
      .map(reply -> reply.body().getLong("until", 0L))
      .otherwise(0L)
      .compose(until -> {
        if (until > System.currentTimeMillis()) {
          SecurityEvents.record("oauth_login", userId, ip, "failure", provider + ": banned");
          meters.oauthLogin(provider, GatehouseMeters.BANNED);
          return Future.succeededFuture(new JsonObject().put("banned", true).put("until", until));
        }
        return bus.<JsonObject>request(Addresses.TOKENS_SESSION, new JsonObject().put("userId", userId), BUS)
          .map(reply -> {
            if (reply.body().getBoolean("twoFAPending", false)) {
              SecurityEvents.record("oauth_login", userId, ip, "2fa_pending", provider);
              meters.oauthLogin(provider, GatehouseMeters.LOGIN_TWO_FACTOR);
              return reply.body();
            }
            String outcome = linked.created() ? GatehouseMeters.CREATED : GatehouseMeters.LOGIN_SUCCESS;
            SecurityEvents.record("oauth_login", userId, ip, "success", provider + (linked.created() ? ": created" : ""));
            meters.oauthLogin(provider, outcome);
            return reply.body();
          });
      });
  }

  private <T> Future<T> failed(String provider, String ip, Throwable error) {
    String name = providers.containsKey(provider) ? provider : "unknown";
    if (error instanceof OAuthFailure failure) {
      SecurityEvents.record("oauth_login", null, ip, "failure", name + ": " + failure.reason());
      meters.oauthLogin(name, failure.outcome());
    } else {
      if (StoreFailures.isUnavailable(error)) {
        LOG.warn("OAuth {} login failed: store unavailable", name);
      } else {
        LOG.error("OAuth {} login failed", name, error);
      }
      SecurityEvents.record("oauth_login", null, ip, "failure", name + ": internal_error");
      meters.oauthLogin(name, OAuthFailure.FAILED);
    }
    return Future.failedFuture(error);
  }
}
