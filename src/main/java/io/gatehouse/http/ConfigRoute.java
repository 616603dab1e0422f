package io.gatehouse.http;

import io.gatehouse.config.GatehouseConfig;
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
    return new JsonObject()
      .put("appTitle", config.appTitle())
      .put("socialLogins", new JsonArray().add("google").add("facebook").add("openid").add("github").add("discord")
        .add("saml"))
      .put("discordLoginEnabled", false)
      .put("facebookLoginEnabled", false)
      .put("githubLoginEnabled", false)
      .put("googleLoginEnabled", false)
      .put("appleLoginEnabled", false)
      .put("openidLoginEnabled", false)
      .put("openidLabel", "Continue with OpenID")
      .put("openidImageUrl", "")
      .put("openidAutoRedirect", false)
      .put("samlLoginEnabled", false)
      .put("samlLabel", "")
      .put("samlImageUrl", "")
      .put("serverDomain", config.domainServer() != null ? config.domainServer() : config.serverBase())
      .put("emailLoginEnabled", config.allowEmailLogin())
      .put("registrationEnabled", config.allowRegistration())
      .put("socialLoginEnabled", false)
      .put("emailEnabled", config.recovery().mail().advertised())
      .put("passwordResetEnabled", config.recovery().allowPasswordReset())
      .put("minPasswordLength", config.minPasswordLength())
      .put("ldap", new JsonObject().put("enabled", false));
  }
}
