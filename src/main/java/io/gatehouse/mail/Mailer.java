package io.gatehouse.mail;

import io.gatehouse.config.MailSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Year;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Renders a {@link MailTemplate} and hands it to the configured transport, failing after
 * {@code EMAIL_SEND_TIMEOUT} whatever the mail server does, so no request waits on it longer.
 * Built off the event loop (it reads the templates).
 */
public final class Mailer {
  private final MailTransport transport;
  private final String from;
  private final String appTitle;
  private final long timeoutMs;
  private final Map<MailTemplate, String[]> bodies = new EnumMap<>(MailTemplate.class);

  private Mailer(MailTransport transport, MailSettings settings, String appTitle) {
    this.transport = transport;
    this.from = settings.fromName() + " <" + settings.from() + ">";
    this.appTitle = appTitle;
    this.timeoutMs = settings.sendTimeoutMs();
    for (MailTemplate template : MailTemplate.values()) {
      bodies.put(template, new String[] {read(template.file() + ".txt"), read(template.file() + ".html")});
    }
  }

  /** The mailer of the configured transport, or null when mail is not configured. Blocks: reads templates. */
  public static Mailer create(Vertx vertx, MailSettings settings, String appTitle) {
    return switch (settings.transport()) {
      case NONE -> null;
      case SMTP -> new Mailer(new SmtpTransport(vertx, settings), settings, appTitle);
      case MAILGUN -> new Mailer(new MailgunTransport(vertx, settings), settings, appTitle);
    };
  }

  /** Sends the template to one address; {@code name} and {@code link} fill its blanks. */
  public Future<Void> send(String to, MailTemplate template, String name, String link) {
    String[] body = bodies.get(template);
    OutgoingMail mail = new OutgoingMail(from, to, template.subject(), render(body[0], name, link, false),
      render(body[1], name, link, true));
    return transport.deliver(mail).timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  public void close() {
    transport.close();
  }

  private String render(String template, String name, String link, boolean html) {
    return template
      .replace("{{appName}}", escape(appTitle, html))
      .replace("{{name}}", escape(name == null || name.isBlank() ? "there" : name, html))
      .replace("{{link}}", escape(link == null ? "" : link, html))
      .replace("{{year}}", String.valueOf(Year.now().getValue()));
  }

  private static String escape(String value, boolean html) {
    if (!html) {
      return value;
    }
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
      .replace("'", "&#39;");
  }

  private static String read(String file) {
    try (InputStream in = Mailer.class.getResourceAsStream("/mail/" + file)) {
      if (in == null) {
        throw new IllegalStateException("mail template missing from the jar: mail/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
