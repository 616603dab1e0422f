package io.gatehouse.mail;

import io.gatehouse.config.MailSettings;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.authentication.UsernamePasswordCredentials;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * Mailgun's HTTP API as LibreChat uses it: {@code POST <MAILGUN_HOST>/v3/<MAILGUN_DOMAIN>/messages}, basic
 * authentication {@code api:<MAILGUN_API_KEY>}, click tracking off (it would rewrite the one-time links).
 */
final class MailgunTransport implements MailTransport {
  private final WebClient client;
  private final String url;
  private final UsernamePasswordCredentials credentials;
  private final long timeoutMs;

  MailgunTransport(Vertx vertx, MailSettings settings) {
    this.client = WebClient.create(vertx, new WebClientOptions()
      .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.sendTimeoutMs())));
    this.url = settings.mailgunHost() + "/v3/" + settings.mailgunDomain() + "/messages";
    this.credentials = new UsernamePasswordCredentials("api", settings.mailgunApiKey());
    this.timeoutMs = settings.sendTimeoutMs();
  }

  @Override
  public Future<Void> deliver(OutgoingMail mail) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
      .add("from", mail.from())
      .add("to", mail.to())
      .add("subject", mail.subject())
      .add("text", mail.text())
      .add("html", mail.html())
      .add("o:tracking-clicks", "no");
    return client.postAbs(url).authentication(credentials).timeout(timeoutMs).sendForm(form)
      .compose(response -> response.statusCode() / 100 == 2 ? Future.<Void>succeededFuture()
        : Future.failedFuture("Mailgun answered " + response.statusCode()));
  }

  @Override
  public void close() {
    client.close();
  }
}
