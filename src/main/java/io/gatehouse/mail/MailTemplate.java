package io.gatehouse.mail;

/**
 * The mails Gatehouse sends, with LibreChat's subjects. Each has a plain-text and an HTML body in
 * {@code src/main/resources/mail/<name>.txt|.html}, where {@code {{appName}}}, {@code {{name}}},
 * {@code {{link}}} and {@code {{year}}} are filled in.
 */
public enum MailTemplate {
  VERIFY_EMAIL("verify-email", "Verify your email"),
  PASSWORD_RESET("password-reset", "Password Reset Request"),
  PASSWORD_RESET_DONE("password-reset-done", "Password Reset Successfully");

  private final String file;
  private final String subject;

  MailTemplate(String file, String subject) {
    this.file = file;
    this.subject = subject;
  }

  String file() {
    return file;
  }

  String subject() {
    return subject;
  }
}
