package io.gatehouse.oauth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * The OAuth 2.0 part every provider shares: the authorisation URL (state, scopes, PKCE challenge, extra
 * parameters) and, on vertx-auth-oauth2, the exchange of a code for the provider's token response, with
 * bounded connect and idle times. It holds no keys: id_tokens are verified by {@link IdTokens}.
 */
final class CodeExchange {
  private final OAuth2Auth auth;
  private final String clientId;
  private final String authUrl;
  private final long timeoutMs;

  CodeExchange(Vertx vertx, String clientId, String clientSecret, String authUrl, String tokenUrl,
               boolean basicAuthentication, long timeoutMs) {
    int timeout = (int) Math.min(timeoutMs, Integer.MAX_VALUE);
    this.auth = OAuth2Auth.create(vertx, new OAuth2Options()
      .setSite(origin(tokenUrl))
      .setAuthorizationPath(authUrl)
      .setTokenPath(tokenUrl)
      .setClientId(clientId)
      .setClientSecret(clientSecret)
      .setUseBasicAuthorization(basicAuthentication && clientSecret != null)
      .setUserAgent("Gatehouse")
      .setHttpClientOptions(new HttpClientOptions().setConnectTimeout(timeout).setIdleTimeout(timeout)
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)));
    this.clientId = clientId;
    this.authUrl = authUrl;
    this.timeoutMs = timeoutMs;
  }

  /**
   * The authorisation request of RFC 6749 §4.1.1 (plus PKCE and the provider's extras), written here:
   * vertx-auth-oauth2 5.0's {@code authorizeURL} leaves out {@code redirect_uri} and the PKCE challenge.
   */
  String authorizeUrl(Flow flow, String redirectUri, List<String> scopes, Map<String, String> extra) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("response_type", "code");
    params.put("client_id", clientId);
    params.put("redirect_uri", redirectUri);
    params.put("scope", String.join(" ", scopes));
    params.put("state", flow.state());
    if (flow.verifier() != null) {
      params.put("code_challenge", Pkce.challenge(flow.verifier()));
      params.put("code_challenge_method", "S256");
    }
    params.putAll(new TreeMap<>(extra));
    StringJoiner query = new StringJoiner("&");
    params.forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
    return authUrl + (authUrl.contains("?") ? "&" : "?") + query;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The token response ({@code access_token}, maybe {@code id_token}), or a failure naming the step. */
  Future<JsonObject> exchange(String code, String redirectUri, String verifier) {
    Oauth2Credentials credentials = new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE).setCode(code)
      .setRedirectUri(redirectUri);
    if (verifier != null) {
      credentials.setCodeVerifier(verifier);
    }
    Future<io.vertx.ext.auth.User> user;
    try {
      user = auth.authenticate(credentials);
    } catch (RuntimeException invalid) {
      return Future.failedFuture(OAuthFailure.failed("code_exchange_failed"));
    }
    return user.timeout(timeoutMs, TimeUnit.MILLISECONDS)
      .recover(error -> Future.failedFuture(OAuthFailure.failed("code_exchange_failed")))
      .compose(u -> u.principal().getValue("access_token") instanceof String
        ? Future.succeededFuture(u.principal())
        : Future.failedFuture(OAuthFailure.failed("code_exchange_without_token")));
  }

  void close() {
    auth.close();
  }

  private static String origin(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
