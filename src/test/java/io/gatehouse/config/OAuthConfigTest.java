package io.gatehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The social login configuration")
class OAuthConfigTest {
  private static final Map<String, String> GITHUB = Map.of("GITHUB_CLIENT_ID", "id", "GITHUB_CLIENT_SECRET", "secret");

  private static OAuthConfig oauth(Map<String, String> variables) {
    return OAuthConfig.from(new Settings(variables));
  }

  private static Map<String, String> with(Map<String, String> base, String... pairs) {
    Map<String, String> out = new HashMap<>(base);
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }

  @Test
  @DisplayName("enables nothing without ALLOW_SOCIAL_LOGIN=true, whatever provider variables are set")
  void masterSwitch() {
    assertFalse(oauth(GITHUB).enabled("github"));
    assertFalse(oauth(with(GITHUB, "ALLOW_SOCIAL_LOGIN", "yes")).enabled("github"));
    assertTrue(oauth(with(GITHUB, "ALLOW_SOCIAL_LOGIN", "TRUE")).enabled("github"));
  }

  @Test
  @DisplayName("needs both client id and secret, and for OpenID the issuer and a secret or PKCE")
  void requiredVariables() {
    assertFalse(oauth(Map.of("ALLOW_SOCIAL_LOGIN", "true", "GOOGLE_CLIENT_ID", "id")).enabled("google"));
    Map<String, String> openid = Map.of("ALLOW_SOCIAL_LOGIN", "true", "OPENID_CLIENT_ID", "id",
      "OPENID_ISSUER", "https://sso.example.com");
    assertFalse(oauth(openid).enabled("openid"));
    assertTrue(oauth(with(openid, "OPENID_USE_PKCE", "true")).enabled("openid"));
    assertTrue(oauth(with(openid, "OPENID_CLIENT_SECRET", "s")).enabled("openid"));
  }

  @Test
  @DisplayName("defaults to the providers' public endpoints and /oauth/<provider>/callback; GitHub Enterprise moves GitHub's")
  void endpoints() {
    OAuthConfig config = oauth(with(GITHUB, "ALLOW_SOCIAL_LOGIN", "true"));
    OAuthConfig.Client github = config.clients().get("github");
    assertEquals("/oauth/github/callback", github.callbackPath());
    assertEquals("https://github.com/login/oauth/access_token", github.url("token"));
    assertEquals("https://api.github.com", github.url("api"));
    assertFalse(github.allowAccountLinking());
    OAuthConfig.Client enterprise = oauth(with(GITHUB, "ALLOW_SOCIAL_LOGIN", "true",
      "GITHUB_ENTERPRISE_BASE_URL", "https://git.example.com/")).clients().get("github");
    assertEquals("https://git.example.com/login/oauth/authorize", enterprise.url("auth"));
    assertEquals("https://git.example.com/api/v3", enterprise.url("api"));
  }

  @Test
  @DisplayName("refuses to start on a bad URL, callback path, role token kind or Apple key, naming the variable")
  void refusals() {
    Map<String, String> on = with(Map.of("ALLOW_SOCIAL_LOGIN", "true", "DISCORD_CLIENT_ID", "id",
      "DISCORD_CLIENT_SECRET", "s"));
    assertTrue(assertThrows(ConfigException.class, () -> oauth(with(on, "DISCORD_TOKEN_URL", "ftp://x")))
      .getMessage().startsWith("DISCORD_TOKEN_URL"));
    assertTrue(assertThrows(ConfigException.class, () -> oauth(with(on, "DISCORD_CALLBACK_URL", "oauth/discord")))
      .getMessage().startsWith("DISCORD_CALLBACK_URL"));
    assertTrue(assertThrows(ConfigException.class, () -> oauth(with(on, "OPENID_ADMIN_ROLE_TOKEN_KIND", "refresh")))
      .getMessage().startsWith("OPENID_ADMIN_ROLE_TOKEN_KIND"));
    Map<String, String> apple = with(on, "APPLE_CLIENT_ID", "com.example", "APPLE_TEAM_ID", "T", "APPLE_KEY_ID", "K",
      "APPLE_PRIVATE_KEY_PATH", "/nonexistent/AuthKey.p8");
    assertTrue(assertThrows(ConfigException.class, () -> oauth(apple)).getMessage().startsWith("APPLE_PRIVATE_KEY_PATH"));
  }

  @Test
  @DisplayName("enables Apple only with all four variables and a PKCS#8 key file")
  void apple(@TempDir Path folder) throws IOException {
    Path key = Files.writeString(folder.resolve("AuthKey.p8"), "-----BEGIN PRIVATE KEY-----\nMIG...\n-----END PRIVATE KEY-----\n");
    Map<String, String> apple = Map.of("ALLOW_SOCIAL_LOGIN", "true", "APPLE_CLIENT_ID", "com.example",
      "APPLE_TEAM_ID", "T", "APPLE_KEY_ID", "K", "APPLE_PRIVATE_KEY_PATH", key.toString());
    assertTrue(oauth(apple).enabled("apple"));
    Map<String, String> noTeam = new HashMap<>(apple);
    noTeam.remove("APPLE_TEAM_ID");
    assertFalse(oauth(noTeam).enabled("apple"));
    Path notAKey = Files.writeString(folder.resolve("notes.txt"), "hello");
    assertThrows(ConfigException.class, () -> oauth(with(apple, "APPLE_PRIVATE_KEY_PATH", notAKey.toString())));
  }
}
