package io.gatehouse.oauth;

import io.gatehouse.accounts.AccountCreator;
import io.gatehouse.config.OAuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Any OpenID Connect provider, found by discovery from {@code OPENID_ISSUER}: {@code OPENID_SCOPE},
 * a nonce always, PKCE with {@code OPENID_USE_PKCE=true}, the id_token verified and merged with the
 * userinfo answer, {@code OPENID_REQUIRED_ROLE} enforced and {@code OPENID_ADMIN_ROLE} mapped to ADMIN.
 */
final class OpenIdProvider implements Provider {
  private static final String WELL_KNOWN = "/.well-known/openid-configuration";

  /** What discovery told us, and the exchange built on it. */
  private record Discovered(String issuer, String jwksUrl, String userinfoUrl, CodeExchange exchange) {
  }

  private final Vertx vertx;
  private final OAuthConfig.Client client;
  private final OAuthConfig.OpenId options;
  private final ProviderHttp http;
  private final IdTokens idTokens;
  private Future<Discovered> discovered;

  OpenIdProvider(Vertx vertx, OAuthConfig.Client client, OAuthConfig.OpenId options, ProviderHttp http,
                 IdTokens idTokens) {
    this.vertx = vertx;
    this.client = client;
    this.options = options;
    this.http = http;
    this.idTokens = idTokens;
  }

  @Override
  public String name() {
    return OAuthConfig.OPENID;
  }

  @Override
  public boolean usesNonce() {
    return true;
  }

  @Override
  public boolean usesPkce() {
    return options.usePkce();
  }

  @Override
  public Future<String> authorizeUrl(Flow flow, String redirectUri) {
    List<String> scopes = Arrays.stream(options.scope().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    Map<String, String> extra = options.audience() == null ? Map.of("nonce", flow.nonce())
      : Map.of("nonce", flow.nonce(), "audience", options.audience());
    return discover().map(d -> d.exchange().authorizeUrl(flow, redirectUri, scopes, extra));
  }

  @Override
  public Future<Identity> identify(Callback callback, Flow flow, String redirectUri) {
    return discover().compose(d -> d.exchange().exchange(callback.code(), redirectUri, flow.verifier())
      .compose(tokens -> idTokens.verify(Claims.string(tokens, "id_token"), d.jwksUrl(), Set.of(d.issuer()),
          client.clientId(), flow.nonce())
        .compose(idClaims -> userinfo(d, tokens, idClaims))
        .map(claims -> identity(d.issuer(), claims))));
  }

  /** The id_token's claims with the userinfo answer over them (same subject only), and the raw token kinds for roles. */
  private Future<Claimed> userinfo(Discovered d, JsonObject tokens, JsonObject idClaims) {
    JsonObject access = IdTokens.unverifiedPayload(Claims.string(tokens, "access_token"));
    if (d.userinfoUrl() == null) {
      return Future.succeededFuture(new Claimed(idClaims, idClaims, access, new JsonObject()));
    }
    return http.object(http.get(d.userinfoUrl())
        .putHeader("Authorization", "Bearer " + tokens.getString("access_token")), "userinfo")
      .compose(info -> {
        if (!idClaims.getString("sub").equals(Claims.string(info, "sub"))) {
          return Future.failedFuture(OAuthFailure.failed("userinfo_subject_mismatch"));
        }
        return Future.succeededFuture(new Claimed(idClaims.copy().mergeIn(info), idClaims, access, info));
      });
  }

  /** Merged claims for the profile; each token kind on its own for the role rules. */
  private record Claimed(JsonObject merged, JsonObject id, JsonObject access, JsonObject userinfo) {
    JsonObject of(String kind) {
      return switch (kind) {
        case "access" -> access;
        case "userinfo" -> userinfo;
        default -> id;
      };
    }
  }

  private Identity identity(String issuer, Claimed claimed) {
    OAuthConfig.RoleRule required = options.requiredRole();
    if (required.active() && Claims.strings(claimed.of(required.tokenKind()), required.path()).stream()
        .noneMatch(required.roles()::contains)) {
      throw OAuthFailure.refused("required_role_missing");
    }
    OAuthConfig.RoleRule admin = options.adminRole();
    String role = !admin.active() ? null
      : Claims.strings(claimed.of(admin.tokenKind()), admin.path()).stream().anyMatch(admin.roles()::contains)
        ? AccountCreator.ROLE_ADMIN : AccountCreator.ROLE_USER;
    JsonObject c = claimed.merged();
    String email = options.emailClaim() != null ? Claims.string(c, options.emailClaim())
      : Claims.first(c, "email", "preferred_username", "upn");
    String username = options.usernameClaim() != null ? Claims.string(c, options.usernameClaim())
      : Claims.first(c, "preferred_username", "username", "email");
    String name = options.nameClaim() != null ? Claims.string(c, options.nameClaim()) : fullName(c);
    return new Identity(name(), Claims.string(c, "sub"), email, Claims.flag(c, "email_verified"), username, name,
      Claims.string(c, "picture"), issuer, role);
  }

  private static String fullName(JsonObject c) {
    String name = Claims.string(c, "name");
    if (name != null) {
      return name;
    }
    String given = Claims.string(c, "given_name");
    String family = Claims.string(c, "family_name");
    String joined = ((given == null ? "" : given) + " " + (family == null ? "" : family)).strip();
    return joined.isEmpty() ? null : joined;
  }

  /** Discovery once; a failed attempt is tried again by the next login rather than remembered. */
  private Future<Discovered> discover() {
    if (discovered == null || discovered.failed()) {
      String configured = client.url("issuer");
      String url = configured.contains("/.well-known/") ? configured : strip(configured) + WELL_KNOWN;
      String expectedIssuer = strip(configured.contains("/.well-known/")
        ? configured.substring(0, configured.indexOf("/.well-known/")) : configured);
      discovered = http.object(http.get(url), "discovery").compose(meta -> {
        String issuer = Claims.string(meta, "issuer");
        String auth = Claims.string(meta, "authorization_endpoint");
        String token = Claims.string(meta, "token_endpoint");
        String jwks = Claims.string(meta, "jwks_uri");
        if (issuer == null || !strip(issuer).equals(expectedIssuer) || auth == null || token == null || jwks == null) {
          return Future.failedFuture(OAuthFailure.failed("discovery_invalid"));
        }
        boolean basic = !(meta.getValue("token_endpoint_auth_methods_supported") instanceof io.vertx.core.json.JsonArray m)
          || m.contains("client_secret_basic") || !m.contains("client_secret_post");
        return Future.succeededFuture(new Discovered(issuer, jwks, Claims.string(meta, "userinfo_endpoint"),
          new CodeExchange(vertx, client.clientId(), client.clientSecret(), auth, token, basic, http.timeoutMs())));
      });
    }
    return discovered;
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
