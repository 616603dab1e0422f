package io.gatehouse.recovery;

import io.gatehouse.accounts.PasswordChange;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.crypto.CredsCipher;
import io.gatehouse.embedded.GeneratedSecrets;
import io.gatehouse.mail.Mailer;
import io.gatehouse.store.TokenStore;
import io.gatehouse.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account recovery of one node, wired: the mailer, the one-time tokens, email verification, password
 * reset, and the {@code CREDS_KEY} cipher the second factor keeps its secrets with.
 */
public final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private final Mailer mailer;
  private final CredsCipher cipher;
  private final OneTimeTokens tokens;
  private final EmailVerification verification;
  private final PasswordResets resets;

  private Recovery(Mailer mailer, CredsCipher cipher, UserStore users, TokenStore tokenStore, PasswordChange change,
                   Function<String, Future<Void>> userChanged, String clientBase) {
    this.mailer = mailer;
    this.cipher = cipher;
    this.tokens = new OneTimeTokens(tokenStore);
    this.verification = new EmailVerification(users, tokens, mailer, userChanged, clientBase);
    this.resets = new PasswordResets(users, tokens, change, mailer, clientBase);
  }

  /**
   * Off the event loop: reads the mail templates, the generated CREDS_KEY, and loads the JDK's ciphers once.
   * {@code userChanged} tells every node to drop cached copies of a user (a verified email).
   */
  public static Future<Recovery> open(Vertx vertx, GatehouseConfig config, UserStore users, TokenStore tokens,
                                      PasswordChange change, Function<String, Future<Void>> userChanged) {
    return vertx.executeBlocking(() -> {
      CredsCipher cipher = cipher(config);
      Mailer mailer = Mailer.create(vertx, config.recovery().mail(), config.appTitle());
      if (mailer == null) {
        LOG.info("Mail is not configured: new accounts are verified at once and password-reset links are not sent "
          + "(bin/reset-password sets a password)");
      }
      return new Recovery(mailer, cipher, users, tokens, change, userChanged, config.clientBase());
    }, false);
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

  public CredsCipher cipher() {
    return cipher;
  }

  public RecoveryVerticle verticle() {
    return new RecoveryVerticle(verification, resets, tokens);
  }

  public void close() {
    if (mailer != null) {
      mailer.close();
    }
  }
}
