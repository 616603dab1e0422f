package io.gatehouse.http;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.OAuthConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code GET /api/config}: the pre-login fields of LibreChat's startup config that concern auth. */
final class ConfigRoute {
  private final Buffer body;

  ConfigRoute(GatehouseConfig config) {
    this.body = startupConfig(config).toBuffer();
  }

  void mount(Router router) {
    router.get("/api/config").handler(ctx -> Answers.json(ctx, 200, body));
  }

  static JsonObject startupConfig(GatehouseConfig config) {
    OAuthConfig oauth = config.oauth();
    return new JsonObject()
      .put("appTitle", config.appTitle())
      .put("socialLogins", new JsonArray().add("google").add("facebook").add("openid").add("github").add("discord")
        .add("saml"))
      // true only where /oauth/<provider> works: variables set and ALLOW_SOCIAL_LOGIN=true
      .put("discordLoginEnabled", oauth.enabled(OAuthConfig.DISCORD))
      .put("facebookLoginEnabled", oauth.enabled(OAuthConfig.FACEBOOK))
      .put("githubLoginEnabled", oauth.enabled(OAuthConfig.GITHUB))
      .put("googleLoginEnabled", oauth.enabled(OAuthConfig.GOOGLE))
      .put("appleLoginEnabled", oauth.enabled(OAuthConfig.APPLE))
      .put("openidLoginEnabled", oauth.enabled(OAuthConfig.OPENID))
      .put("openidLabel", oauth.openid().buttonLabel())
      .put("openidImageUrl", oauth.openid().imageUrl())
      .put("openidAutoRedirect", oauth.openid().autoRedirect())
      .put("samlLoginEnabled", false)
      .put("samlLabel", "")
      .put("samlImageUrl", "")
      .put("serverDomain", config.domainServer() != null ? config.domainServer() : config.serverBase())
      .put("emailLoginEnabled", config.allowEmailLogin())
      .put("registrationEnabled", config.allowRegistration())
      .put("socialLoginEnabled", oauth.allowSocialLogin())
      .put("emailEnabled", config.recovery().mail().advertised())
      .put("passwordResetEnabled", config.recovery().allowPasswordReset())
      .put("minPasswordLength", config.minPasswordLength())
      .put("ldap", new JsonObject().put("enabled", false));
  }
}
