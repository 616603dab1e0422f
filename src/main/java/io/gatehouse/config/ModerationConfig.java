package io.gatehouse.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The moderation variables of LibreChat (reference §3): limiters, violation scores and bans. Windows
 * are in minutes, durations in ms; scores and some maxima accept expressions.
 */
public record ModerationConfig(
  boolean banViolations,
  long banDurationMs,
  long banInterval,
  long ipViolationTtlMs,
  Map<Limiter, Limit> limits,
  Limit concurrent,
  Quota loginAccount,
  Quota resetMail,
  Quota verifyMail,
  long nonBrowserScore,
  String upstreamUrl,
  List<String> messageRoutes,
  List<String> publicRoutes) {

  /** One limiter's settings: enabled, requests per window, window in minutes, score per hit. */
  public record Limit(boolean enabled, long max, long windowMinutes, long score) {
    public long windowMs() {
      return windowMinutes * GatehouseConfig.MINUTE_MS;
    }
  }

  /**
   * A per-account cap that bans nobody: failed password checks on one account (across all addresses),
   * or mails to one address. {@code max} per {@code windowMinutes}.
   */
  public record Quota(long max, long windowMinutes) {
    public long windowMs() {
      return windowMinutes * GatehouseConfig.MINUTE_MS;
    }
  }

  /** LibreChat's limiters with their violation types and 429 messages. */
  public enum Limiter {
    LOGIN("login_limiter", "logins", "Too many login attempts, please try again after %d minutes."),
    REGISTER("register_limiter", "registrations", "Too many accounts created, please try again after %d minutes"),
    RESET_PASSWORD("reset_password_limiter", "reset_password_limit", "Too many attempts, please try again after %d minute(s)"),
    VERIFY_EMAIL("verify_email_limiter", "verify_email_limit", "Too many attempts, please try again after %d minute(s)"),
    /** The second login step: one bucket per address, one per account (LibreChat's two-bucket limiter). */
    TWO_FACTOR_TEMP("two_factor_temp_limiter", "logins", "Too many verification attempts, please try again after %d minutes."),
    TWO_FACTOR_TEMP_USER("two_factor_temp_user_limiter", "logins",
      "Too many verification attempts, please try again after %d minutes."),
    MESSAGE_IP("message_ip_limiter", "message_limit", "Too many messages, please try again after %d minute(s)"),
    MESSAGE_USER("message_user_limiter", "message_limit", "Too many messages, please try again after %d minute(s)");

    private final String limiterName;
    private final String violationType;
    private final String message;

    Limiter(String limiterName, String violationType, String message) {
      this.limiterName = limiterName;
      this.violationType = violationType;
      this.message = message;
    }

    public String limiterName() {
      return limiterName;
    }

    public String violationType() {
      return violationType;
    }

    public String message(long windowMinutes) {
      return String.format(message, windowMinutes);
    }
  }

  /**
   * The backend's routes LibreChat serves without a login: the gateway passes them on after the address
   * ban check only. (Gatehouse answers the account-recovery routes itself.)
   */
  public static final List<String> DEFAULT_PUBLIC_ROUTES = List.of("/api/banner", "/api/share");

  /** The reference's chat endpoints: where message limiters and the non-browser check apply. */
  public static final List<String> DEFAULT_MESSAGE_ROUTES = List.of("/api/agents/chat", "/api/ask", "/api/edit",
    "/api/assistants/chat");

  public static ModerationConfig from(Settings s) {
    Map<Limiter, Limit> limits = new EnumMap<>(Limiter.class);
    long loginScore = score(s, "LOGIN_VIOLATION_SCORE");
    limits.put(Limiter.LOGIN, new Limit(true, positive(s, "LOGIN_MAX", 7), positive(s, "LOGIN_WINDOW", 5), loginScore));
    limits.put(Limiter.REGISTER, new Limit(true, positive(s, "REGISTER_MAX", 5), positive(s, "REGISTER_WINDOW", 60),
      score(s, "REGISTRATION_VIOLATION_SCORE")));
    limits.put(Limiter.RESET_PASSWORD, new Limit(true, positive(s, "RESET_PASSWORD_MAX", 2),
      positive(s, "RESET_PASSWORD_WINDOW", 2), score(s, "RESET_PASSWORD_VIOLATION_SCORE")));
    limits.put(Limiter.VERIFY_EMAIL, new Limit(true, positive(s, "VERIFY_EMAIL_MAX", 2),
      positive(s, "VERIFY_EMAIL_WINDOW", 2), score(s, "VERIFY_EMAIL_VIOLATION_SCORE")));
    Limit twoFactor = new Limit(true, positive(s, "TWO_FACTOR_TEMP_MAX", limits.get(Limiter.LOGIN).max()),
      positive(s, "TWO_FACTOR_TEMP_WINDOW", limits.get(Limiter.LOGIN).windowMinutes()),
      s.nonNegativeExpression("TWO_FACTOR_TEMP_VIOLATION_SCORE", loginScore));
    limits.put(Limiter.TWO_FACTOR_TEMP, twoFactor);
    limits.put(Limiter.TWO_FACTOR_TEMP_USER, twoFactor);
    long messageScore = score(s, "MESSAGE_VIOLATION_SCORE");
    limits.put(Limiter.MESSAGE_IP, new Limit(s.enabled("LIMIT_MESSAGE_IP", false), positive(s, "MESSAGE_IP_MAX", 40),
      positive(s, "MESSAGE_IP_WINDOW", 1), messageScore));
    limits.put(Limiter.MESSAGE_USER, new Limit(s.enabled("LIMIT_MESSAGE_USER", false),
      positive(s, "MESSAGE_USER_MAX", 40), positive(s, "MESSAGE_USER_WINDOW", 1), messageScore));
    String routes = s.string("MESSAGE_ROUTES");
    String publicRoutes = s.string("PUBLIC_ROUTES");
    return new ModerationConfig(
      s.enabled("BAN_VIOLATIONS", false),
      s.expression("BAN_DURATION", 2 * 60 * GatehouseConfig.MINUTE_MS),
      s.positiveExpression("BAN_INTERVAL", 20),
      s.positiveExpression("IP_VIOLATION_TTL", 24 * 60 * GatehouseConfig.MINUTE_MS),
      Map.copyOf(limits),
      // pending generations per user; a counter lives 60 s at most, as LibreChat's
      new Limit(s.enabled("LIMIT_CONCURRENT_MESSAGES", false), positive(s, "CONCURRENT_MESSAGE_MAX", 2), 1,
        score(s, "CONCURRENT_VIOLATION_SCORE")),
      new Quota(positive(s, "LOGIN_ACCOUNT_MAX", 10), positive(s, "LOGIN_ACCOUNT_WINDOW", 15)),
      new Quota(positive(s, "RESET_PASSWORD_EMAIL_MAX", 3), positive(s, "RESET_PASSWORD_EMAIL_WINDOW", 60)),
      new Quota(positive(s, "VERIFY_EMAIL_EMAIL_MAX", 3), positive(s, "VERIFY_EMAIL_EMAIL_WINDOW", 60)),
      s.nonNegativeExpression("NON_BROWSER_VIOLATION_SCORE", 20),
      s.string("UPSTREAM_URL"),
      routes == null ? DEFAULT_MESSAGE_ROUTES : List.of(routes.split("\\s*,\\s*")),
      publicRoutes == null ? DEFAULT_PUBLIC_ROUTES : List.of(publicRoutes.split("\\s*,\\s*")));
  }

  public Limit limit(Limiter limiter) {
    return limits.get(limiter);
  }

  /** A score variable: unset means 1; "0" really means 0, as in LibreChat. */
  private static long score(Settings s, String name) {
    return s.nonNegativeExpression(name, 1);
  }


  private static long positive(Settings s, String name, long fallback) {
    return s.positiveExpression(name, fallback);
  }
}
