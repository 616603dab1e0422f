package io.gatehouse.twofactor;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.bus.Failure;
import io.gatehouse.bus.Refused;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.crypto.CredsCipher;
import io.gatehouse.embedded.GeneratedSecrets;
import io.gatehouse.store.SingleUse;
import io.gatehouse.store.Documents;
import io.gatehouse.store.TwoFactorStore;
import io.gatehouse.store.UserStore;
import io.gatehouse.tokens.Session;
import io.gatehouse.tokens.Sessions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TOTP two-factor authentication as LibreChat's routes behave (reference §1.6, §6): enrolment (enable,
 * verify, confirm), disable, new backup codes, and the second login step. Unlike LibreChat, every code
 * is accepted once: the last accepted step is remembered per user, and a backup code is marked used
 * whatever route takes it. HMAC and AES run on a worker thread, off the event loop.
 */
public final class TwoFactorService implements TwoFactor {
  static final String SECRET_CORRUPTED = "2FA secret is missing or corrupted";
  private static final String PENDING = "pendingTotpSecret";
  private static final String ACTIVE = "totpSecret";
  /** The 2FA temp tokens a second login step has spent, by jti. */
  private static final String SPENT_TEMP_TOKENS = "gatehouse:temp-token-spent:";
  private static final Logger LOG = LoggerFactory.getLogger(TwoFactorService.class);

  private final Vertx vertx;
  private final UserStore users;
  private final TwoFactorStore store;
  private final TotpSecrets secrets;
  private final Sessions sessions;
  private final Function<String, Future<Void>> userChanged;
  private final SingleUse tempTokens;
  private final String issuer;

  /**
   * {@code cipher} is null without CREDS_KEY (enrolment then fails, plain secrets still work);
   * {@code userChanged} tells every node to drop cached copies of a user whose 2FA state changed;
   * {@code tempTokens} holds the temp tokens spent by a second login step.
   */
  public TwoFactorService(Vertx vertx, UserStore users, TwoFactorStore store, CredsCipher cipher,
                          Sessions sessions, Function<String, Future<Void>> userChanged, SingleUse tempTokens,
                          String appTitle) {
    this.vertx = vertx;
    this.users = users;
    this.store = store;
    this.secrets = new TotpSecrets(cipher);
    this.sessions = sessions;
    this.userChanged = userChanged;
    this.tempTokens = tempTokens;
    // LibreChat's otpauth label and issuer: APP_TITLE without whitespace
    this.issuer = appTitle.replaceAll("\\s+", "");
  }

  /**
   * Blocks (call it off the event loop): reads CREDS_KEY (in the embedded default, the one generated into
   * the data folder) and loads the JDK's ciphers.
   */
  public static TwoFactorService create(Vertx vertx, GatehouseConfig config, UserStore users, TwoFactorStore store,
                                        Redis redis, Sessions sessions, Function<String, Future<Void>> userChanged) {
    return new TwoFactorService(vertx, users, store, cipher(config), sessions, userChanged,
      new SingleUse(redis, SPENT_TEMP_TOKENS), config.appTitle());
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

  /** What the client offered as a second factor: a TOTP code, a backup code, or neither (both null). */
  record Factor(String token, String backupCode) {
    boolean given() {
      return hasToken() || hasBackupCode();
    }

    boolean hasToken() {
      return present(token);
    }

    boolean hasBackupCode() {
      return present(backupCode);
    }

    private static boolean present(String value) {
      return value != null && !value.isEmpty();
    }
  }

  @Override
  public Future<Enrollment> enable(String userId, String token, String backupCode) {
    Factor factor = new Factor(token, backupCode);
    return user(userId).compose(user -> reverifyIfEnabled(user, factor)).compose(user -> {
      if (!secrets.canEncrypt()) {
        return Future.failedFuture(new Refused(Failure.INTERNAL,
          "Two-factor authentication needs CREDS_KEY, which this server does not have"));
      }
      return vertx.executeBlocking(() -> {
        String secret = secrets.generate();
        return new Object[] {secret, secrets.encrypt(secret), BackupCodes.issue()};
      }, false).compose(made -> {
        String secret = (String) made[0];
        BackupCodes.Issued codes = (BackupCodes.Issued) made[2];
        return store.setPending(userId, (String) made[1], codes.stored()).map(v -> {
          SecurityEvents.record("two_factor", userId, null, "enrolment_started", null);
          return new Enrollment("otpauth://totp/" + issuer + ":" + user.getString("email", "") + "?secret=" + secret
            + "&issuer=" + issuer, new JsonArray(codes.plain()));
        });
      });
    });
  }

  @Override
  public Future<Void> verify(String userId, String token, String backupCode) {
    Factor factor = new Factor(token, backupCode);
    return initiated(userId).compose(user -> spend(user, sourceOf(user), factor))
      .compose(verified -> verified ? Future.succeededFuture() : wrongCode(userId, "verify"));
  }

  @Override
  public Future<Void> confirm(String userId, String token) {
    return initiated(userId).compose(user -> {
      String source = sourceOf(user);
      return totp(user, source, token).compose(step -> {
        if (step == Totp.NONE) {
          return wrongCode(userId, "confirm");
        }
        JsonArray pendingCodes = PENDING.equals(source) ? user.getJsonArray("pendingBackupCodes") : null;
        return store.confirm(userId, source, user.getString(source), pendingCodes, step).compose(done -> {
          if (!done) {
            return Future.failedFuture(new Refused(Failure.INVALID_INPUT, "2FA not initiated"));
          }
          SecurityEvents.record("two_factor", userId, null, "enabled", null);
          return userChanged.apply(userId);
        });
      });
    });
  }

  @Override
  public Future<Void> disable(String userId, String token, String backupCode) {
    Factor factor = new Factor(token, backupCode);
    return users.findById(userId).compose(user -> {
      if (user == null || user.getString(ACTIVE) == null) {
        return Future.failedFuture(new Refused(Failure.INVALID_INPUT, "2FA is not setup for this user"));
      }
      return reverifyIfEnabled(user, factor)
        .compose(checked -> store.disable(userId))
        .compose(done -> {
          SecurityEvents.record("two_factor", userId, null, "disabled", null);
          return userChanged.apply(userId);
        });
    });
  }

  @Override
  public Future<NewBackupCodes> regenerate(String userId, String token, String backupCode) {
    Factor factor = new Factor(token, backupCode);
    return user(userId).compose(user -> reverifyIfEnabled(user, factor)).compose(user ->
      vertx.executeBlocking(BackupCodes::issue, false).compose(codes -> store.replaceBackupCodes(userId, codes.stored())
        .map(done -> {
          SecurityEvents.record("two_factor", userId, null, "backup_codes_regenerated", null);
          return new NewBackupCodes(new JsonArray(codes.plain()), codes.stored());
        })));
  }

  /**
   * The second login step: a new session, as a password login without 2FA would have opened. The temp
   * token ({@code jti}, valid until {@code expiresAtMs}) opens one session: a spent one is refused before
   * any factor is used, and of two racing with good codes only one wins the spend.
   */
  @Override
  public Future<Session> login(String userId, String jti, long expiresAtMs, String token, String backupCode, String ip) {
    Factor factor = new Factor(token, backupCode);
    return tempTokens.spent(jti).compose(spent -> spent ? spentTempToken(userId, ip) : users.findById(userId)).compose(user -> {
      if (user == null || !Boolean.TRUE.equals(user.getBoolean("twoFactorEnabled"))) {
        return Future.failedFuture(new Refused(Failure.INVALID_INPUT, "2FA is not enabled for this user"));
      }
      return spend(user, ACTIVE, factor).compose(ok -> {
        if (!ok) {
          SecurityEvents.record("login", userId, ip, "failure", "2fa_invalid");
          return Future.failedFuture(new Refused(Failure.WRONG_CODE, "wrong second factor"));
        }
        return tempTokens.spend(jti, expiresAtMs).compose(won -> !won ? spentTempToken(userId, ip)
          : sessions.open(userId).onSuccess(session -> SecurityEvents.record("login", userId, ip, "success", "2fa")));
      });
    });
  }

  private static <T> Future<T> spentTempToken(String userId, String ip) {
    SecurityEvents.record("login", userId, ip, "failure", "2fa_temp_token_reused");
    return Future.failedFuture(new Refused(Failure.INVALID_TOKEN, "temp token used already"));
  }

  /** A re-verification on an account with 2FA on: a code is required and must be right (the secret readable). */
  private Future<JsonObject> reverifyIfEnabled(JsonObject user, Factor factor) {
    if (!Boolean.TRUE.equals(user.getBoolean("twoFactorEnabled"))) {
      return Future.succeededFuture(user);
    }
    if (!factor.given()) {
      return Future.failedFuture(new Refused(Failure.CODE_REQUIRED, "a TOTP code or backup code is required"));
    }
    return vertx.executeBlocking(() -> secrets.key(user.getString(ACTIVE)).isPresent(), false).compose(readable -> {
      if (!readable) {
        return Future.failedFuture(new Refused(Failure.INVALID_INPUT, SECRET_CORRUPTED));
      }
      String userId = Documents.id(user.getValue("_id"));
      return spend(user, ACTIVE, factor).compose(ok -> ok ? Future.succeededFuture(user) : wrongCode(userId, "reverify"));
    });
  }

  /**
   * Uses a factor once: a TOTP code of the secret in {@code field} (for the active one, a step after the
   * last accepted), or an unused backup code of the active set.
   */
  private Future<Boolean> spend(JsonObject user, String field, Factor factor) {
    String userId = Documents.id(user.getValue("_id"));
    if (factor.hasToken()) {
      return totp(user, field, factor.token()).map(step -> step != Totp.NONE);
    }
    if (factor.hasBackupCode()) {
      return store.useBackupCode(userId, user.getJsonArray("backupCodes"), BackupCodes.hash(factor.backupCode()));
    }
    return Future.succeededFuture(false);
  }

  /**
   * The step a code matches for the secret in {@code field}, or {@link Totp#NONE}. For the active secret
   * the step must follow the last accepted one and is claimed atomically; a pending secret is not a
   * factor yet, so checking it (verify, then confirm with the same code) claims nothing.
   */
  private Future<Long> totp(JsonObject user, String field, String code) {
    boolean active = ACTIVE.equals(field);
    long after = active && user.getValue(TwoFactorStore.LAST_USED_STEP) instanceof Number n ? n.longValue() : Totp.NONE;
    String userId = Documents.id(user.getValue("_id"));
    return vertx.executeBlocking(() -> secrets.key(user.getString(field))
        .map(key -> Totp.matchingStep(key, code, System.currentTimeMillis(), after))
        .orElse(Totp.NONE), false)
      .compose(step -> step == Totp.NONE || !active ? Future.succeededFuture(step)
        : store.claimStep(userId, step).map(claimed -> claimed ? step : Totp.NONE));
  }

  private Future<JsonObject> user(String userId) {
    return users.findById(userId).compose(user -> user != null ? Future.succeededFuture(user)
      : Future.failedFuture(new Refused(Failure.NOT_FOUND, "User not found")));
  }

  /** The user, when enrolment has begun or 2FA is set up: there is a secret to check against. */
  private Future<JsonObject> initiated(String userId) {
    return users.findById(userId).compose(user -> user != null && sourceOf(user) != null ? Future.succeededFuture(user)
      : Future.failedFuture(new Refused(Failure.INVALID_INPUT, "2FA not initiated")));
  }

  /** LibreChat checks the pending secret when there is one, else the active one. */
  private static String sourceOf(JsonObject user) {
    if (user.getString(PENDING) != null) {
      return PENDING;
    }
    return user.getString(ACTIVE) != null ? ACTIVE : null;
  }

  private static <T> Future<T> wrongCode(String userId, String route) {
    SecurityEvents.record("two_factor", userId, null, "refused", route);
    return Future.failedFuture(new Refused(Failure.WRONG_CODE, "wrong second factor"));
  }
}
