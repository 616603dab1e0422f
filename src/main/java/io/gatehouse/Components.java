package io.gatehouse;

import io.gatehouse.accounts.AccountCreator;
import io.gatehouse.accounts.Accounts;
import io.gatehouse.accounts.AccountsService;
import io.gatehouse.accounts.AccountsVerticle;
import io.gatehouse.accounts.UserCache;
import io.gatehouse.bus.Services;
import io.gatehouse.cluster.Announcements;
import io.gatehouse.cluster.Cluster;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.ModerationConfig;
import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.devices.DeviceCookies;
import io.gatehouse.gateway.Gateway;
import io.gatehouse.http.Guards;
import io.gatehouse.http.HttpVerticle;
import io.gatehouse.mail.Mailer;
import io.gatehouse.moderation.BanCache;
import io.gatehouse.moderation.BanStore;
import io.gatehouse.moderation.LoginThrottle;
import io.gatehouse.moderation.Moderation;
import io.gatehouse.moderation.ModerationService;
import io.gatehouse.moderation.ModerationVerticle;
import io.gatehouse.moderation.Moderator;
import io.gatehouse.moderation.RateLimiter;
import io.gatehouse.moderation.Violations;
import io.gatehouse.moderation.http.MessageGuards;
import io.gatehouse.moderation.http.ModerationGuards;
import io.gatehouse.oauth.OAuthVerticle;
import io.gatehouse.oauth.SocialLogin;
import io.gatehouse.ops.GatehouseMeters;
import io.gatehouse.ops.Metrics;
import io.gatehouse.recovery.EmailVerification;
import io.gatehouse.recovery.MailQuota;
import io.gatehouse.recovery.OneTimeTokens;
import io.gatehouse.recovery.PasswordChange;
import io.gatehouse.recovery.PasswordResets;
import io.gatehouse.recovery.Recovery;
import io.gatehouse.recovery.RecoveryService;
import io.gatehouse.recovery.RecoveryVerticle;
import io.gatehouse.revocation.RevocationList;
import io.gatehouse.revocation.RevocationStore;
import io.gatehouse.store.SessionStore;
import io.gatehouse.store.TokenStore;
import io.gatehouse.store.TwoFactorStore;
import io.gatehouse.store.UserStore;
import io.gatehouse.tokens.JwtSecrets;
import io.gatehouse.tokens.SessionSweepVerticle;
import io.gatehouse.tokens.Sessions;
import io.gatehouse.tokens.TokenService;
import io.gatehouse.tokens.Tokens;
import io.gatehouse.tokens.TokensVerticle;
import io.gatehouse.twofactor.TwoFactor;
import io.gatehouse.twofactor.TwoFactorService;
import io.gatehouse.twofactor.TwoFactorVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place the object graph is built from the configuration and the opened
 * stores. The constructor builds what the server and the scripts share (stores, announcements, the
 * moderation and password rules); {@link #server} adds a node's services, its in-memory state and its
 * verticles. Nothing else constructs a service.
 *
 * <p>Across module boundaries, callers use each verticle's typed service interface over the event bus
 * ({@link Accounts}, {@link Sessions}, {@code Recovery}, {@code TwoFactor}, {@code SocialLogin},
 * {@link Moderation}). These are read in memory instead, on the event loop, because every request needs
 * them: the access-token check ({@link Tokens}), the ban cache ({@link BanCache}), the revocation list
 * ({@link RevocationList}) and the user cache ({@link UserCache}); and the Redis counters the guards and
 * the login bump per request ({@link RateLimiter}, {@link LoginThrottle}) are used like stores.
 */
public final class Components {
  private static final Logger LOG = LoggerFactory.getLogger(Components.class);
  private static final long USER_CACHE_MAX_AGE_MS = 60_000;
  private static final long SESSION_SWEEP_EVERY_MS = 60_000;

  public final GatehouseConfig config;
  public final UserStore users;
  public final SessionStore sessions;
  public final PasswordHasher hasher;
  public final Announcements events;
  public final RevocationStore revocations;
  public final BanStore bans;
  public final BanCache banCache = new BanCache();
  public final Violations violations;
  public final Moderator moderator;
  public final AccountCreator accounts;
  public final PasswordChange passwords;
  private final Vertx vertx;
  private final MongoClient mongo;
  private final Redis redis;

  /**
   * What the server and the scripts share. A script is never in the cluster: its announcements go through
   * Redis, which every node follows.
   */
  public Components(Vertx vertx, GatehouseConfig config, MongoClient mongo, Redis redis, PasswordHasher hasher) {
    this.vertx = vertx;
    this.config = config;
    this.mongo = mongo;
    this.redis = redis;
    this.hasher = hasher;
    this.users = new UserStore(mongo);
    this.sessions = new SessionStore(mongo);
    this.events = new Announcements(vertx, redis);
    this.revocations = new RevocationStore(redis, events, config.sessionExpiryMs(), config.deviceCookieExpiryMs());
    this.bans = new BanStore(redis, events);
    this.violations = new Violations(redis, config.moderation().ipViolationTtlMs());
    this.moderator = new Moderator(config.moderation(), violations, bans, banCache, sessions, revocations);
    this.accounts = new AccountCreator(users, hasher);
    this.passwords = new PasswordChange(users, sessions, revocations, hasher);
  }

  /** One verticle to deploy: one instance, or one per event loop. */
  public record Part(Supplier<Deployable> verticle, boolean perLoop) {
  }

  /** A node's services and verticles, in deployment order (services before HTTP takes requests). */
  public record Server(List<Part> parts, RevocationList revocationList, Mailer mailer) {
    /** Closes what the verticles do not own. */
    public void close() {
      if (mailer != null) {
        mailer.close();
      }
    }
  }

  /**
   * Builds a node's services; {@code maintenance} is the client for long work off the request paths
   * (the expiry sweep). Blocks (call it off the event loop): reads the mail templates and CREDS_KEY,
   * and loads the JDK's ciphers.
   */
  public Server server(JwtSecrets secrets, Metrics metrics, Cluster cluster, MongoClient maintenance) {
    GatehouseMeters meters = metrics.meters();
    ModerationConfig moderation = config.moderation();
    Tokens tokens = new Tokens(vertx, secrets, config.sessionExpiryMs());
    UserCache userCache = new UserCache(UserCache.entriesFor(Runtime.getRuntime().maxMemory()), USER_CACHE_MAX_AGE_MS);
    DeviceCookies devices = new DeviceCookies(secrets.refresh(), config.deviceCookieExpiryMs());
    RevocationList revocationList = new RevocationList(config.sessionExpiryMs());
    revocations.follow(events, revocationList, userCache::invalidate);
    bans.follow(events, banCache);
    meters.userCache(userCache, UserCache::hits, UserCache::misses);
    meters.activeBans("user", banCache, b -> b.active(true, System.currentTimeMillis()));
    meters.activeBans("ip", banCache, b -> b.active(false, System.currentTimeMillis()));
    RateLimiter counters = new RateLimiter(redis);

    Services.prepare(Accounts.class, Sessions.class, TwoFactor.class, Recovery.class, SocialLogin.class, Moderation.class);
    Sessions sessionsClient = Sessions.client(vertx);
    Moderation moderationClient = Moderation.client(vertx);
    TokenService tokenService = new TokenService(users, sessions, hasher, tokens, userCache, config.refreshTokenExpiryMs(),
      config.refreshReuseGraceMs(), config.allowUnverifiedEmailLogin(), meters,
      new LoginThrottle(redis, moderation.loginAccount()), banCache);

    Mailer mailer = Mailer.create(vertx, config.recovery().mail(), config.appTitle());
    if (mailer == null) {
      LOG.info("Mail is not configured: new accounts are verified at once and password-reset links are not sent "
        + "(bin/reset-password sets a password)");
    }
    OneTimeTokens oneTimeTokens = new OneTimeTokens(new TokenStore(mongo));
    EmailVerification verification = new EmailVerification(users, oneTimeTokens, mailer, revocations::userChanged,
      config.clientBase(), new MailQuota(counters, EmailVerification.TYPE, moderation.verifyMail(), meters));
    PasswordResets resets = new PasswordResets(users, oneTimeTokens, passwords, mailer, config.clientBase(),
      new MailQuota(counters, PasswordResets.TYPE, moderation.resetMail(), meters));
    RecoveryService recovery = new RecoveryService(verification, resets, oneTimeTokens);
    TwoFactorService twoFactor = TwoFactorService.create(vertx, config, users, new TwoFactorStore(mongo), redis,
      sessionsClient, revocations::userChanged);
    AccountsService accountsService = new AccountsService(vertx, accounts, users, config.minPasswordLength(), meters,
      verification);
    ModerationService moderationService = new ModerationService(moderator, moderation, meters);

    Guards guards = new Guards();
    new ModerationGuards(moderation, counters, banCache, moderationClient, config.trustProxyHops(), meters, devices)
      .install(guards);
    MessageGuards messages = new MessageGuards(moderation, counters, redis, banCache, moderationClient,
      config.trustProxyHops());
    HttpVerticle.Clients clients = new HttpVerticle.Clients(Accounts.client(vertx), sessionsClient,
      TwoFactor.client(vertx), Recovery.client(vertx), SocialLogin.client(vertx, config.oauth()));
    HttpVerticle.Dependencies http = new HttpVerticle.Dependencies(config, tokens, revocationList, userCache, guards,
      Gateway.of(moderation), messages.chain(), mongo, redis, cluster, devices, clients);

    List<Part> parts = List.of(
      new Part(() -> new AccountsVerticle(accountsService), true),
      new Part(() -> new TokensVerticle(tokenService), true),
      new Part(() -> new SessionSweepVerticle(new SessionStore(maintenance), redis, SESSION_SWEEP_EVERY_MS), false),
      new Part(() -> new RecoveryVerticle(recovery), false),
      new Part(() -> new TwoFactorVerticle(twoFactor), true),
      new Part(() -> new ModerationVerticle(moderationService), false),
      new Part(() -> new OAuthVerticle(config, redis, users, revocations, meters, sessionsClient, banCache), false),
      new Part(() -> new HttpVerticle(http), true));
    return new Server(parts, revocationList, mailer);
  }
}
