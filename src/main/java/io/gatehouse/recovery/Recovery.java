package io.gatehouse.recovery;

import io.gatehouse.accounts.PasswordChange;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.ModerationConfig;
import io.gatehouse.moderation.RateLimiter;
import io.gatehouse.ops.GatehouseMeters;
import io.gatehouse.store.SingleUse;
import io.gatehouse.crypto.CredsCipher;
import io.gatehouse.embedded.GeneratedSecrets;
import io.gatehouse.mail.Mailer;
import io.gatehouse.store.TokenStore;
import io.gatehouse.store.TwoFactorStore;
import io.gatehouse.store.UserStore;
import io.gatehouse.tokens.TokenService;
import io.gatehouse.twofactor.TwoFactorService;
import io.gatehouse.twofactor.TwoFactorVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account recovery and the second factor of one node, wired: the mailer, the one-time tokens, email
 * verification, password reset, and two-factor authentication with the {@code CREDS_KEY} cipher.
 */
public final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
  /** The 2FA temp tokens a second login step has spent, by jti. */
  private static final String SPENT_TEMP_TOKENS = "gatehouse:temp-token-spent:";

  private final Mailer mailer;
  private final OneTimeTokens tokens;
  private final EmailVerification verification;
  private final PasswordResets resets;
  private final TwoFactorService twoFactor;

  private Recovery(Mailer mailer, OneTimeTokens tokens, EmailVerification verification, PasswordResets resets,
                   TwoFactorService twoFactor) {
    this.mailer = mailer;
    this.tokens = tokens;
    this.verification = verification;
    this.resets = resets;
    this.twoFactor = twoFactor;
  }

  /**
   * Blocks (call it off the event loop): reads the mail templates and the generated CREDS_KEY, and loads
   * the JDK's ciphers and these classes. {@code userChanged} tells every node to drop cached copies of a
   * user (a verified email, a 2FA change); {@code sessions} opens the session of a second login step.
   */
  public static Recovery create(Vertx vertx, GatehouseConfig config, MongoClient mongo, Redis redis, UserStore users,
                                PasswordChange change, TokenService sessions, Function<String, Future<Void>> userChanged,
                                RateLimiter counters, GatehouseMeters meters) {
    CredsCipher cipher = cipher(config);
    Mailer mailer = Mailer.create(vertx, config.recovery().mail(), config.appTitle());
    if (mailer == null) {
      LOG.info("Mail is not configured: new accounts are verified at once and password-reset links are not sent "
        + "(bin/reset-password sets a password)");
    }
    OneTimeTokens tokens = new OneTimeTokens(new TokenStore(mongo));
    String clientBase = config.clientBase();
    ModerationConfig moderation = config.moderation();
    MailQuota verifyQuota = new MailQuota(counters, EmailVerification.TYPE, moderation.verifyMail(), meters);
    MailQuota resetQuota = new MailQuota(counters, PasswordResets.TYPE, moderation.resetMail(), meters);
    return new Recovery(mailer, tokens, new EmailVerification(users, tokens, mailer, userChanged, clientBase, verifyQuota),
      new PasswordResets(users, tokens, change, mailer, clientBase, resetQuota),
      new TwoFactorService(vertx, users, new TwoFactorStore(mongo), cipher, sessions, userChanged,
        new SingleUse(redis, SPENT_TEMP_TOKENS), config.appTitle()));
  }

  /** CREDS_KEY, else (embedded default) one generated once into the data folder; null outside it. */
  private static CredsCipher cipher(GatehouseConfig config) {
    String key = config.recovery().credsKey();
    if (key == null && config.embeddedMongo()) {
      key = GeneratedSecrets.loadOrCreate(config.dataDir()).getString(GeneratedSecrets.CREDS_KEY);
    }
    if (key == null) {
      LOG.warn("CREDS_KEY is not set: two-factor authentication cannot be enrolled, and LibreChat's encrypted TOTP "
        + "secrets cannot be read (backup codes still work). Set CREDS_KEY to LibreChat's value, or to "
        + "openssl rand -hex 32 for a new installation");
      return null;
    }
    CredsCipher cipher = new CredsCipher(key);
    // the first use loads the JDK's AES and SecureRandom: here, not on an event loop
    cipher.decrypt(cipher.encrypt("warm-up"));
    return cipher;
  }

  public EmailVerification verification() {
    return verification;
  }

  public RecoveryVerticle verticle() {
    return new RecoveryVerticle(verification, resets, tokens);
  }

  /** One per event loop, like the HTTP verticle that calls it. */
  public TwoFactorVerticle twoFactorVerticle() {
    return new TwoFactorVerticle(twoFactor);
  }

  public void close() {
    if (mailer != null) {
      mailer.close();
    }
  }
}
