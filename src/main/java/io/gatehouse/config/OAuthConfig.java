package io.gatehouse.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Social login (reference §3): the switches, and each provider's client as its variables give it. A
 * provider is present in {@link #clients()} only when its variables are set and {@code ALLOW_SOCIAL_LOGIN=true}.
 * Every endpoint has a variable of its own, so tests and enterprise installs can point elsewhere.
 */
public record OAuthConfig(
  boolean allowSocialLogin,
  boolean allowSocialRegistration,
  long httpTimeoutMs,
  long stateTtlMs,
  Map<String, Client> clients,
  OpenId openid,
  Apple apple) {

  public static final String GOOGLE = "google";
  public static final String GITHUB = "github";
  public static final String DISCORD = "discord";
  public static final String FACEBOOK = "facebook";
  public static final String APPLE = "apple";
  public static final String OPENID = "openid";

  /**
   * One OAuth client: credentials, the callback path under DOMAIN_SERVER, linking, its endpoint URLs,
   * and the User-Agent its API calls carry (GitHub Enterprise may require one).
   */
  public record Client(String provider, String clientId, String clientSecret, String callbackPath,
                       boolean allowAccountLinking, Map<String, String> urls, String userAgent) {
    /** An endpoint by its short name (auth, token, user, jwks, issuer, ...). */
    public String url(String name) {
      String url = urls.get(name);
      if (url == null) {
        throw new IllegalArgumentException(provider + " has no " + name + " endpoint");
      }
      return url;
    }
  }

  /** The generic OpenID Connect provider's options beyond its client. */
  public record OpenId(String scope, String audience, boolean usePkce, String emailClaim, String usernameClaim, String nameClaim,
                       RoleRule requiredRole, RoleRule adminRole, String buttonLabel, String imageUrl,
                       boolean autoRedirect) {
  }

  /** Roles read from one token (id, access or userinfo) at a dotted path; empty {@code roles} means no rule. */
  public record RoleRule(List<String> roles, String tokenKind, String path) {
    public boolean active() {
      return !roles.isEmpty();
    }
  }

  /** Sign in with Apple: the client secret is an ES256 JWT signed with this key. */
  public record Apple(String teamId, String keyId, String privateKeyPem) {
  }

  public static OAuthConfig from(Settings s) {
    boolean allowed = s.enabled("ALLOW_SOCIAL_LOGIN", false);
    Map<String, Client> clients = new LinkedHashMap<>();
    classic(s, GOOGLE, Map.of(
      "auth", "https://accounts.google.com/o/oauth2/v2/auth",
      "token", "https://oauth2.googleapis.com/token",
      "jwks", "https://www.googleapis.com/oauth2/v3/certs",
      "issuer", "https://accounts.google.com")).ifPresent(c -> clients.put(GOOGLE, c));
    classic(s, FACEBOOK, Map.of(
      "auth", "https://www.facebook.com/v18.0/dialog/oauth",
      "token", "https://graph.facebook.com/v18.0/oauth/access_token",
      "user", "https://graph.facebook.com/v18.0/me")).ifPresent(c -> clients.put(FACEBOOK, c));
    classic(s, GITHUB, github(s)).ifPresent(c -> clients.put(GITHUB, c));
    classic(s, DISCORD, Map.of(
      "auth", "https://discord.com/api/oauth2/authorize",
      "token", "https://discord.com/api/oauth2/token",
      "user", "https://discord.com/api/users/@me",
      "cdn", "https://cdn.discordapp.com")).ifPresent(c -> clients.put(DISCORD, c));
    Apple apple = apple(s);
    if (apple != null) {
      clients.put(APPLE, client(s, APPLE, s.string("APPLE_CLIENT_ID"), null, Map.of(
        "auth", "https://appleid.apple.com/auth/authorize",
        "token", "https://appleid.apple.com/auth/token",
        "jwks", "https://appleid.apple.com/auth/keys",
        "issuer", "https://appleid.apple.com")));
    }
    String issuer = s.string("OPENID_ISSUER");
    String openidId = s.string("OPENID_CLIENT_ID");
    boolean pkce = s.enabled("OPENID_USE_PKCE", false);
    if (issuer != null && openidId != null && (pkce || s.string("OPENID_CLIENT_SECRET") != null)) {
      clients.put(OPENID, client(s, OPENID, openidId, s.string("OPENID_CLIENT_SECRET"), Map.of("issuer", issuer)));
    }
    OpenId openid = new OpenId(
      s.string("OPENID_SCOPE", "openid profile email"), firstOf(s.string("OPENID_AUDIENCE")), pkce,
      s.string("OPENID_EMAIL_CLAIM"), s.string("OPENID_USERNAME_CLAIM"), s.string("OPENID_NAME_CLAIM"),
      roleRule(s, "OPENID_REQUIRED_ROLE"), roleRule(s, "OPENID_ADMIN_ROLE"),
      s.string("OPENID_BUTTON_LABEL", "Continue with OpenID"), s.string("OPENID_IMAGE_URL", ""),
      s.enabled("OPENID_AUTO_REDIRECT", false));
    return new OAuthConfig(allowed, s.enabled("ALLOW_SOCIAL_REGISTRATION", false),
      s.positiveExpression("OAUTH_HTTP_TIMEOUT", 10_000), s.positiveExpression("OAUTH_STATE_TTL", 10 * 60_000),
      allowed ? Map.copyOf(clients) : Map.of(), openid, apple);
  }

  public boolean enabled(String provider) {
    return clients.containsKey(provider);
  }

  /** GitHub.com, or GitHub Enterprise Server's {@code /login/oauth/*} and {@code /api/v3} under its base URL. */
  private static Map<String, String> github(Settings s) {
    String base = s.string("GITHUB_ENTERPRISE_BASE_URL");
    if (base == null) {
      return Map.of("auth", "https://github.com/login/oauth/authorize",
        "token", "https://github.com/login/oauth/access_token", "api", "https://api.github.com");
    }
    String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    Settings.httpUrl("GITHUB_ENTERPRISE_BASE_URL", root);
    return Map.of("auth", root + "/login/oauth/authorize", "token", root + "/login/oauth/access_token",
      "api", root + "/api/v3");
  }

  private static java.util.Optional<Client> classic(Settings s, String provider, Map<String, String> defaults) {
    String prefix = provider.toUpperCase(Locale.ROOT);
    String id = s.string(prefix + "_CLIENT_ID");
    String secret = s.string(prefix + "_CLIENT_SECRET");
    if (id == null || secret == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(client(s, provider, id, secret, defaults));
  }

  /** The client with each endpoint from {@code <PROVIDER>_<NAME>_URL} (issuer: {@code <PROVIDER>_ISSUER}) or its default. */
  private static Client client(Settings s, String provider, String id, String secret, Map<String, String> defaults) {
    String prefix = provider.toUpperCase(Locale.ROOT);
    Map<String, String> urls = new LinkedHashMap<>();
    defaults.forEach((name, fallback) -> {
      String variable = name.equals("issuer") ? prefix + "_ISSUER" : prefix + "_" + name.toUpperCase(Locale.ROOT) + "_URL";
      // GitHub's endpoints follow GITHUB_ENTERPRISE_BASE_URL alone, as LibreChat's do
      urls.put(name, Settings.httpUrl(variable, provider.equals(GITHUB) ? fallback : s.string(variable, fallback)));
    });
    String callback = s.string(prefix + "_CALLBACK_URL", "/oauth/" + provider + "/callback");
    if (!callback.startsWith("/")) {
      throw new ConfigException(prefix + "_CALLBACK_URL must be a path starting with '/', got '" + callback + "'");
    }
    return new Client(provider, id, secret, callback, s.enabled(prefix + "_ALLOW_ACCOUNT_LINKING", false), Map.copyOf(urls),
      provider.equals(GITHUB) ? s.string("GITHUB_ENTERPRISE_USER_AGENT", "Gatehouse") : "Gatehouse");
  }


  /** Apple needs all four variables (LibreChat's button does too); the key file is read once, here. */
  private static Apple apple(Settings s) {
    String id = s.string("APPLE_CLIENT_ID");
    String team = s.string("APPLE_TEAM_ID");
    String key = s.string("APPLE_KEY_ID");
    String path = s.string("APPLE_PRIVATE_KEY_PATH");
    if (id == null || team == null || key == null || path == null || !s.enabled("ALLOW_SOCIAL_LOGIN", false)) {
      return null;
    }
    try {
      String pem = Files.readString(Path.of(path));
      if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
        throw new ConfigException("APPLE_PRIVATE_KEY_PATH must name a PKCS#8 PEM key (the .p8 file Apple gives), got " + path);
      }
      return new Apple(team, key, pem);
    } catch (IOException e) {
      throw new ConfigException("APPLE_PRIVATE_KEY_PATH cannot be read: " + path + " (" + e.getMessage() + ")");
    }
  }

  /** LibreChat sends the first of a comma list of audiences on the authorisation request. */
  private static String firstOf(String list) {
    return list == null ? null : list.split(",")[0].strip();
  }

  private static RoleRule roleRule(Settings s, String name) {
    String roles = s.string(name);
    List<String> list = roles == null ? List.of()
      : Arrays.stream(roles.split(",")).map(String::strip).filter(r -> !r.isEmpty()).toList();
    String kind = s.string(name + "_TOKEN_KIND", "id").toLowerCase(Locale.ROOT);
    if (!List.of("id", "access", "userinfo").contains(kind)) {
      throw new ConfigException(name + "_TOKEN_KIND must be id, access or userinfo, got '" + kind + "'");
    }
    return new RoleRule(list, kind, s.string(name + "_PARAMETER_PATH", "roles"));
  }
}
