package io.gatehouse.mail;

import io.vertx.core.Future;

/** How mail leaves Gatehouse: SMTP or Mailgun's HTTP API. */
interface MailTransport {
  Future<Void> deliver(OutgoingMail mail);

  void close();
}
