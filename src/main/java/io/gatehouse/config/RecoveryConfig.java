package io.gatehouse.config;

import java.util.regex.Pattern;

/**
 * Account recovery and the second factor: mail, {@code ALLOW_PASSWORD_RESET} and {@code CREDS_KEY} (the
 * AES-256 key, 64 hex characters, that encrypts TOTP secrets as LibreChat does). Links in mails are built
 * from {@code DOMAIN_CLIENT}, so mail without it is refused at start rather than sending links to
 * nowhere (LibreChat's {@code undefined/reset-password}, #9327).
 */
public record RecoveryConfig(MailSettings mail, boolean allowPasswordReset, String credsKey) {
  private static final Pattern HEX_KEY = Pattern.compile("[0-9a-fA-F]{64}");

  public static RecoveryConfig from(Settings s, String appTitle) {
    MailSettings mail = MailSettings.from(s, appTitle);
    String domainClient = s.string("DOMAIN_CLIENT");
    if (mail.configured()) {
      requireClientUrl(domainClient);
    }
    String credsKey = s.string("CREDS_KEY");
    if (credsKey != null && !HEX_KEY.matcher(credsKey).matches()) {
      throw new ConfigException("CREDS_KEY must be 64 hexadecimal characters (32 bytes, e.g. openssl rand -hex 32), "
        + "got " + credsKey.length() + " characters");
    }
    return new RecoveryConfig(mail, s.enabled("ALLOW_PASSWORD_RESET", false), credsKey);
  }

  private static void requireClientUrl(String domainClient) {
    if (domainClient == null) {
      throw new ConfigException("DOMAIN_CLIENT is not set, but mail is configured: verification and password-reset "
        + "mails link to DOMAIN_CLIENT (the web app's public URL, e.g. https://chat.example.com)");
    }
    Settings.httpUrl("DOMAIN_CLIENT", domainClient);
  }

  @Override
  public String toString() {
    return "RecoveryConfig[" + mail + ", allowPasswordReset=" + allowPasswordReset + ", credsKey redacted]";
  }
}
