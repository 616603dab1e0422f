package io.gatehouse.config;

import java.util.Locale;

/**
 * LibreChat's mail variables (reference §3 "Email"). Mail counts as configured when
 * {@code MAILGUN_API_KEY} + {@code MAILGUN_DOMAIN} + {@code EMAIL_FROM} are set (Mailgun's HTTP API, which
 * wins), or {@code EMAIL_HOST} + {@code EMAIL_FROM} (SMTP). Without it nothing is sent: registration marks
 * accounts verified and the reset link goes nowhere.
 */
public record MailSettings(
  Transport transport,
  String host,
  int port,
  Encryption encryption,
  String username,
  String password,
  boolean allowSelfSigned,
  String from,
  String fromName,
  String mailgunApiKey,
  String mailgunDomain,
  String mailgunHost,
  long sendTimeoutMs,
  boolean advertised) {

  /** The longest a request may wait for a mail server. */
  public static final long MAX_SEND_TIMEOUT_MS = 20_000;

  public enum Transport { NONE, SMTP, MAILGUN }

  /** {@code EMAIL_ENCRYPTION}: unset (STARTTLS when offered), {@code tls} (implicit TLS), {@code starttls} (required). */
  public enum Encryption { NONE, TLS, STARTTLS }

  public static MailSettings from(Settings s, String appTitle) {
    String from = s.string("EMAIL_FROM");
    String host = s.string("EMAIL_HOST");
    String username = s.string("EMAIL_USERNAME");
    String password = s.string("EMAIL_PASSWORD");
    if ((username == null) != (password == null)) {
      throw new ConfigException("EMAIL_USERNAME and EMAIL_PASSWORD must be set together (or neither, for a relay "
        + "that needs no login)");
    }
    String apiKey = s.string("MAILGUN_API_KEY");
    String domain = s.string("MAILGUN_DOMAIN");
    String service = s.string("EMAIL_SERVICE");
    Transport transport = Transport.NONE;
    if (apiKey != null && domain != null && from != null) {
      transport = Transport.MAILGUN;
    } else if (host != null && from != null) {
      transport = Transport.SMTP;
    } else if (service != null && from != null) {
      throw new ConfigException("EMAIL_SERVICE='" + service + "' names a nodemailer service, which Gatehouse does not "
        + "know: set EMAIL_HOST and EMAIL_PORT (and EMAIL_ENCRYPTION) of that service's SMTP server instead");
    }
    long timeout = s.positiveExpression("EMAIL_SEND_TIMEOUT", 10_000);
    if (timeout > MAX_SEND_TIMEOUT_MS) {
      // a registration waits for its mail inside the 30 s its bus request is given
      throw new ConfigException("EMAIL_SEND_TIMEOUT must be at most " + MAX_SEND_TIMEOUT_MS + " ms, got " + timeout);
    }
    return new MailSettings(transport, host, s.integer("EMAIL_PORT", 25, 1, 65535), encryption(s), username, password,
      s.enabled("EMAIL_ALLOW_SELFSIGNED", false), from, s.string("EMAIL_FROM_NAME", appTitle), apiKey, domain,
      mailgunHost(s), timeout,
      // LibreChat's /api/config rule, stricter than its sending rule: a login is part of it
      (service != null || host != null) && username != null && from != null);
  }

  public boolean configured() {
    return transport != Transport.NONE;
  }

  private static Encryption encryption(Settings s) {
    String value = s.string("EMAIL_ENCRYPTION");
    if (value == null) {
      return Encryption.NONE;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "tls" -> Encryption.TLS;
      case "starttls" -> Encryption.STARTTLS;
      default -> throw new ConfigException("EMAIL_ENCRYPTION must be tls (implicit TLS, usually port 465) or "
        + "starttls (STARTTLS required, usually port 587), or unset; got '" + value + "'");
    };
  }

  private static String mailgunHost(Settings s) {
    String value = Settings.httpUrl("MAILGUN_HOST", s.string("MAILGUN_HOST", "https://api.mailgun.net"));
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  @Override
  public String toString() {
    return "MailSettings[" + transport + ", host=" + host + ", port=" + port + ", from=" + from + ", secrets redacted]";
  }
}
