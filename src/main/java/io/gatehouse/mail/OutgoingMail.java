package io.gatehouse.mail;

/** One mail ready to go: a recipient, a subject and the same words as plain text and as HTML. */
public record OutgoingMail(String from, String to, String subject, String text, String html) {
  @Override
  public String toString() {
    // the bodies carry one-time links: never print them
    return "OutgoingMail[" + subject + "]";
  }
}
