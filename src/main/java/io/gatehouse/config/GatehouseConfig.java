package io.gatehouse.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every setting Gatehouse reads, typed and validated once at start, before any verticle deploys.
 * {@code conf/gatehouse.env.example} documents each variable.
 */
public record GatehouseConfig(
  int port,
  String host,
  Path dataDir,
  String mongoUri,
  String redisUri,
  String jwtSecret,
  String jwtRefreshSecret,
  long sessionExpiryMs,
  long refreshTokenExpiryMs,
  long refreshReuseGraceMs,
  long deviceCookieExpiryMs,
  boolean allowEmailLogin,
  boolean allowRegistration,
  boolean allowUnverifiedEmailLogin,
  int minPasswordLength,
  String domainClient,
  String domainServer,
  boolean secureCookies,
  int trustProxyHops,
  String appTitle,
  int hashWorkers,
  long blockedThreadWarningMs,
  long shutdownGraceMs,
  long requestTimeoutMs,
  ModerationConfig moderation,
  OAuthConfig oauth,
  RecoveryConfig recovery,
  boolean metricsEnabled,
  String metricsHost,
  int metricsPort,
  ClusterConfig cluster) {

  public static final long MINUTE_MS = 60_000L;
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

  /** This configuration with other store URIs (null: the embedded one), everything else as loaded. */
  public GatehouseConfig withStores(String mongo, String redis) {
    return new GatehouseConfig(
      port, host, dataDir, mongo, redis, jwtSecret, jwtRefreshSecret, sessionExpiryMs, refreshTokenExpiryMs,
      refreshReuseGraceMs, deviceCookieExpiryMs, allowEmailLogin, allowRegistration, allowUnverifiedEmailLogin,
      minPasswordLength, domainClient, domainServer, secureCookies, trustProxyHops, appTitle, hashWorkers,
      blockedThreadWarningMs, shutdownGraceMs, requestTimeoutMs, moderation, oauth, recovery, metricsEnabled,
      metricsHost, metricsPort, cluster);
  }

  public static GatehouseConfig fromEnvironment() {
    return from(Settings.load(System.getenv()));
  }

  public static GatehouseConfig from(Map<String, String> variables) {
    return from(new Settings(variables));
  }

  public static GatehouseConfig from(Settings s) {
    String domainServer = s.string("DOMAIN_SERVER");
    int minPassword = s.integer("MIN_PASSWORD_LENGTH", 8, 1, 128);
    String appTitle = s.string("APP_TITLE", "LibreChat");
    return new GatehouseConfig(
      s.integer("PORT", 3080, 0, 65535),
      s.string("HOST", "localhost"),
      dataDir(s),
      s.string("MONGO_URI"),
      s.string("REDIS_URI"),
      s.string("JWT_SECRET"),
      s.string("JWT_REFRESH_SECRET"),
      s.positiveExpression("SESSION_EXPIRY", 15 * MINUTE_MS),
      s.positiveExpression("REFRESH_TOKEN_EXPIRY", 7 * 24 * 60 * MINUTE_MS),
      s.nonNegativeExpression("REFRESH_REUSE_GRACE", 10_000),
      s.positiveExpression("DEVICE_COOKIE_EXPIRY", 90L * 24 * 60 * MINUTE_MS),
      s.enabled("ALLOW_EMAIL_LOGIN", true),
      s.enabled("ALLOW_REGISTRATION", false),
      s.enabled("ALLOW_UNVERIFIED_EMAIL_LOGIN", false),
      minPassword,
      s.string("DOMAIN_CLIENT"),
      domainServer,
      secureCookies(s, domainServer),
      s.integer("TRUST_PROXY", 1, 0, 100),
      appTitle,
      s.integer("PASSWORD_HASH_THREADS", Runtime.getRuntime().availableProcessors(), 1, 256),
      s.positiveExpression("BLOCKED_THREAD_WARNING", 2000),
      s.nonNegativeExpression("SHUTDOWN_GRACE", 10_000),
      s.positiveExpression("REQUEST_TIMEOUT", 30_000),
      ModerationConfig.from(s),
      OAuthConfig.from(s),
      RecoveryConfig.from(s, appTitle),
      s.enabled("METRICS_ENABLED", true),
      s.string("METRICS_HOST", "127.0.0.1"),
      s.integer("METRICS_PORT", 9464, 0, 65535),
      ClusterConfig.from(s));
  }

  /** {@code DATA_DIR}: the embedded stores, generated secrets and embedded.json. */
  public static Path dataDir(Settings s) {
    return Path.of(s.string("DATA_DIR", "./data"));
  }

  /** Embedded default: no MONGO_URI, so Gatehouse runs its own stores in {@link #dataDir()}. */
  public boolean embeddedMongo() {
    return mongoUri == null;
  }

  public boolean embeddedRedis() {
    return redisUri == null;
  }

  /** Where the web app lives: success and error redirects and email links. */
  public String clientBase() {
    return domainClient != null ? stripSlash(domainClient) : "http://localhost:3080";
  }

  public String serverBase() {
    return domainServer != null ? stripSlash(domainServer) : "http://localhost:3080";
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }


  /** LibreChat's rule: forced by SESSION_COOKIE_SECURE, else production on a non-local DOMAIN_SERVER. */
  private static boolean secureCookies(Settings s, String domainServer) {
    String forced = s.string("SESSION_COOKIE_SECURE");
    if (forced != null) {
      return forced.equalsIgnoreCase("true");
    }
    if (!"production".equals(s.string("NODE_ENV"))) {
      return false;
    }
    if (domainServer == null) {
      return true;
    }
    try {
      String host = URI.create(domainServer).getHost();
      if (host == null) {
        return true;
      }
      host = host.toLowerCase(Locale.ROOT);
      return !(LOCAL_HOSTS.contains(host) || host.endsWith(".localhost"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("DOMAIN_SERVER is not a URL: '" + domainServer + "'");
    }
  }
}
