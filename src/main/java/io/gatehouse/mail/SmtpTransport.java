package io.gatehouse.mail;

import io.gatehouse.config.MailSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.concurrent.TimeUnit;

/**
 * SMTP through Vert.x's non-blocking mail client, configured as LibreChat's nodemailer transport:
 * {@code EMAIL_ENCRYPTION=tls} is implicit TLS, {@code starttls} requires STARTTLS, unset upgrades when the
 * server offers it; {@code EMAIL_ALLOW_SELFSIGNED} accepts any certificate. Connecting and every read are
 * bounded by the send timeout, so a server that stops answering frees its connection.
 */
final class SmtpTransport implements MailTransport {
  private final MailClient client;

  SmtpTransport(Vertx vertx, MailSettings settings) {
    int timeoutSeconds = (int) Math.max(1, (settings.sendTimeoutMs() + 999) / 1000);
    MailConfig config = new MailConfig()
      .setHostname(settings.host())
      .setPort(settings.port())
      .setSsl(settings.encryption() == MailSettings.Encryption.TLS)
      .setStarttls(settings.encryption() == MailSettings.Encryption.STARTTLS ? StartTLSOptions.REQUIRED
        : StartTLSOptions.OPTIONAL)
      .setTrustAll(settings.allowSelfSigned())
      .setHostnameVerificationAlgorithm(settings.allowSelfSigned() ? "" : "HTTPS")
      .setLogin(settings.username() != null ? LoginOption.REQUIRED : LoginOption.DISABLED)
      .setUsername(settings.username())
      .setPassword(settings.password())
      .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.sendTimeoutMs()))
      .setIdleTimeout(timeoutSeconds)
      .setIdleTimeoutUnit(TimeUnit.SECONDS)
      .setSslHandshakeTimeout(timeoutSeconds)
      .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
    this.client = MailClient.createShared(vertx, config, "gatehouse-smtp");
  }

  @Override
  public Future<Void> deliver(OutgoingMail mail) {
    MailMessage message = new MailMessage()
      .setFrom(mail.from())
      .setTo(mail.to())
      .setSubject(mail.subject())
      .setText(mail.text())
      .setHtml(mail.html());
    return client.sendMail(message).mapEmpty();
  }

  @Override
  public void close() {
    client.close();
  }
}
