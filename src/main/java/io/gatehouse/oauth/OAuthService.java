package io.gatehouse.oauth;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.bus.Failure;
import io.gatehouse.bus.Refused;
import io.gatehouse.crypto.Hashes;
import io.gatehouse.moderation.BanCache;
import io.gatehouse.ops.GatehouseMeters;
import io.gatehouse.store.Documents;
import io.gatehouse.store.StoreFailures;
import io.gatehouse.tokens.Admission;
import io.gatehouse.tokens.Sessions;
import io.vertx.core.Future;
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
final class OAuthService implements SocialLogin {
  private static final Logger LOG = LoggerFactory.getLogger(OAuthService.class);

  private final Map<String, Provider> providers;
  private final Map<String, String> redirectUris;
  private final StateStore states;
  private final AccountLinker linker;
  private final Sessions sessions;
  private final BanCache bans;
  private final GatehouseMeters meters;

  OAuthService(Map<String, Provider> providers, Map<String, String> redirectUris, StateStore states,
               AccountLinker linker, Sessions sessions, BanCache bans, GatehouseMeters meters) {
    this.providers = providers;
    this.redirectUris = redirectUris;
    this.states = states;
    this.linker = linker;
    this.sessions = sessions;
    this.bans = bans;
    this.meters = meters;
  }

  @Override
  public Future<Redirect> start(String providerName, String binding, String ip) {
    Provider provider = providers.get(providerName);
    if (provider == null) {
      return failed(providerName, ip, OAuthFailure.failed("provider_not_enabled"));
    }
    String browser = StateStore.wellFormed(binding) ? binding : states.random();
    Flow flow = new Flow(states.random(), provider.name(), Hashes.sha256Hex(browser),
      provider.usesPkce() ? states.random() : null, provider.usesNonce() ? states.random() : null);
    return states.save(flow)
      .compose(v -> provider.authorizeUrl(flow, redirectUris.get(provider.name())))
      .map(location -> new Redirect(location, browser))
      .recover(error -> failed(providerName, ip, error));
  }

  @Override
  public Future<Admission> callback(String providerName, JsonObject params, String binding, String ip) {
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
  private Future<Admission> admit(String provider, AccountLinker.Linked linked, String ip) {
    String userId = Documents.id(linked.user().getValue("_id"));
    long until = bans.until(userId, ip, System.currentTimeMillis());
    if (until > 0) {
      SecurityEvents.record("oauth_login", userId, ip, "failure", provider + ": banned");
      meters.oauthLogin(provider, GatehouseMeters.BANNED);
      return Future.succeededFuture(Admission.banned(until));
    }
    return sessions.admit(userId).onSuccess(admission -> {
      if (admission.outcome() == Admission.Outcome.TWO_FACTOR_PENDING) {
        SecurityEvents.record("oauth_login", userId, ip, "2fa_pending", provider);
        meters.oauthLogin(provider, GatehouseMeters.LOGIN_TWO_FACTOR);
        return;
      }
      String outcome = linked.created() ? GatehouseMeters.CREATED : GatehouseMeters.LOGIN_SUCCESS;
      SecurityEvents.record("oauth_login", userId, ip, "success", provider + (linked.created() ? ": created" : ""));
      meters.oauthLogin(provider, outcome);
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
    // the browser learns only auth_failed
    return Future.failedFuture(new Refused(Failure.OAUTH_FAILED, "auth_failed"));
  }
}
