package io.gatehouse.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server (GreenMail) on a free loopback port, with a login, for a test node to send through;
 * {@link #variables()} is the node's mail configuration. Mails are read back decoded (plain text and HTML).
 */
public final class MailServer implements AutoCloseable {
  public static final String USER = "gatehouse-mailer";
  public static final String PASSWORD = "smtp-password-for-tests";
  public static final String FROM = "noreply@chat.example.test";
  public static final String CLIENT = "https://chat.example.test";

  private final GreenMail greenMail;
  private final int port;

  /** One received mail, decoded. */
  public record Received(String from, List<String> to, String subject, String text, String html) {
    /** The query parameter {@code name} of the link to {@code CLIENT + path} in the plain text. */
    public String linkParameter(String path, String name) {
      Matcher link = Pattern.compile(Pattern.quote(CLIENT + path) + "\\?(\\S+)").matcher(text);
      if (!link.find()) {
        throw new AssertionError("no " + path + " link in: " + text);
      }
      for (String pair : link.group(1).split("&")) {
        if (pair.startsWith(name + "=")) {
          return pair.substring(name.length() + 1);
        }
      }
      throw new AssertionError("no " + name + " in " + link.group());
    }
  }

  private MailServer(GreenMail greenMail, int port) {
    this.greenMail = greenMail;
    this.port = port;
  }

  public static MailServer start() {
    int port = TestGatehouse.freePort();
    GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.setUser(FROM, USER, PASSWORD);
    greenMail.start();
    return new MailServer(greenMail, port);
  }

  /** The node's mail variables: SMTP with a login, and the web app's address for links. */
  public Map<String, String> variables() {
    return Map.of("EMAIL_HOST", "127.0.0.1", "EMAIL_PORT", String.valueOf(port), "EMAIL_USERNAME", USER,
      "EMAIL_PASSWORD", PASSWORD, "EMAIL_FROM", FROM, "DOMAIN_CLIENT", CLIENT);
  }

  /** The mail variables and more (password reset on, a title, ...). */
  public Map<String, String> variables(Map<String, String> more) {
    Map<String, String> all = new java.util.HashMap<>(variables());
    all.putAll(more);
    return all;
  }

  /** Every mail received so far for this address, oldest first. */
  public List<Received> mailsTo(String address) {
    List<Received> out = new ArrayList<>();
    for (MimeMessage message : greenMail.getReceivedMessages()) {
      Received mail = decode(message);
      if (mail.to().contains(address)) {
        out.add(mail);
      }
    }
    return out;
  }

  /** Waits (bounded) until {@code count} mails with this subject have reached the address; the last one. */
  public Received await(String address, String subject, int count) {
    List<Received> mails = Eventually.until(Duration.ofSeconds(15), count + " mail(s) '" + subject + "' to " + address,
      () -> mailsTo(address).stream().filter(mail -> mail.subject().equals(subject)).toList(),
      found -> found.size() >= count);
    return mails.get(count - 1);
  }

  private static Received decode(MimeMessage message) {
    try {
      List<String> to = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
        .map(address -> ((InternetAddress) address).getAddress()).toList();
      String[] bodies = {null, null};
      collect(message.getContent(), message.getContentType(), bodies);
      return new Received(message.getFrom()[0].toString(), to, message.getSubject(), bodies[0], bodies[1]);
    } catch (MessagingException | IOException e) {
      throw new AssertionError("cannot read a received mail", e);
    }
  }

  private static void collect(Object content, String type, String[] bodies) throws MessagingException, IOException {
    if (content instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart part = multipart.getBodyPart(i);
        collect(part.getContent(), part.getContentType(), bodies);
      }
    } else if (content instanceof String text) {
      bodies[type.toLowerCase().startsWith("text/html") ? 1 : 0] = text;
    }
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
