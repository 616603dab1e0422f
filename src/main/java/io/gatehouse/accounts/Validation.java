package io.gatehouse.accounts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * LibreChat's login and registration rules (its zod schemas), with zod's messages: each issue is
 * {@code "<path>: <message>"} and issues are joined with one space. Shared by the HTTP routes and the
 * scripts, so the same input is refused the same way everywhere.
 */
public final class Validation {
  public static final int MAX_PASSWORD_LENGTH = 128;
  /** zod 3's email pattern. */
  private static final Pattern EMAIL = Pattern.compile(
    "^(?!\\.)(?!.*\\.\\.)([A-Z0-9_'+\\-.]*)[A-Z0-9_+-]@([A-Z0-9][A-Z0-9\\-]*\\.)+[A-Z]{2,}$", Pattern.CASE_INSENSITIVE);
  private static final Pattern USERNAME = Pattern.compile(
    "^[\\p{IsLatin}\\p{IsCommon}\\p{IsCyrillic}\\p{IsDevanagari}\\p{IsHan}\\p{IsArabic}\\p{IsHiragana}"
      + "\\p{IsKatakana}\\p{IsHangul}_.@#$%&*()]+$");
  private static final List<String> INJECTION = List.of("'", "--", "$ne", "$gt", "$lt", "$or", "{", "}", "*", ";",
    "<", ">", "/", "=");

  private Validation() {
  }

  /** The login schema: a valid email and a password of MIN_PASSWORD_LENGTH..128 that is not only spaces. */
  public static Optional<String> login(JsonObject body, int minPassword) {
    Issues issues = new Issues();
    email(body, issues);
    password(body, "password", minPassword, issues);
    return issues.message();
  }

  /** The registration schema, including the confirmation check (an issue with an empty path). */
  public static Optional<String> registration(JsonObject body, int minPassword) {
    Issues issues = new Issues();
    string(body, "name", 3, 80, issues);
    username(body.getValue("username"), issues);
    email(body, issues);
    password(body, "password", minPassword, issues);
    password(body, "confirm_password", minPassword, issues);
    if (!issues.typeError && !String.valueOf(body.getValue("password")).equals(String.valueOf(body.getValue("confirm_password")))) {
      issues.add("", "The passwords did not match");
    }
    return issues.message();
  }

  /** A new password (reset): the registration rules for password and confirmation. */
  public static Optional<String> newPassword(Object password, Object confirmation, int minPassword) {
    JsonObject body = new JsonObject();
    if (password != null) {
      body.put("password", password);
    }
    Issues issues = new Issues();
    password(body, "password", minPassword, issues);
    if (!issues.typeError && !String.valueOf(password).equals(String.valueOf(confirmation))) {
      issues.add("", "The passwords did not match");
    }
    return issues.message();
  }

  /** A body whose only field is {@code email} (reset requests, verification resends). */
  public static Optional<String> emailField(JsonObject body) {
    Issues issues = new Issues();
    email(body, issues);
    return issues.message();
  }

  /** The registration username: empty or absent means none. */
  public static String usernameOrNull(Object value) {
    return value instanceof String s && !s.isEmpty() ? s : null;
  }

  private static void email(JsonObject body, Issues issues) {
    String email = typed(body, "email", issues);
    if (email != null && !EMAIL.matcher(email).matches()) {
      issues.add("email", "Invalid email");
    }
  }

  private static void password(JsonObject body, String field, int min, Issues issues) {
    String password = string(body, field, min, MAX_PASSWORD_LENGTH, issues);
    if (password != null && password.isBlank()) {
      issues.add(field, "Password cannot be only spaces");
    }
  }

  private static String string(JsonObject body, String field, int min, int max, Issues issues) {
    String value = typed(body, field, issues);
    if (value == null) {
      return null;
    }
    if (value.length() < min) {
      issues.add(field, "String must contain at least " + min + " character(s)");
    }
    if (value.length() > max) {
      issues.add(field, "String must contain at most " + max + " character(s)");
    }
    return value;
  }

  private static void username(Object value, Issues issues) {
    if (value == null || "".equals(value)) {
      return;
    }
    if (!(value instanceof String username)) {
      issues.typeError = true;
      issues.add("username", "Invalid input");
      return;
    }
    if (username.length() < 2) {
      issues.add("username", "String must contain at least 2 character(s)");
    }
    if (username.length() > 80) {
      issues.add("username", "String must contain at most 80 character(s)");
    }
    if (!USERNAME.matcher(username).matches()) {
      issues.add("username", "Invalid characters in username");
    }
    if (INJECTION.stream().anyMatch(username::contains)) {
      issues.add("username", "Potential injection attack detected");
    }
  }

  /** The field as a string, or null after recording zod's type issue. */
  private static String typed(JsonObject body, String field, Issues issues) {
    Object value = body.getValue(field);
    if (value instanceof String s) {
      return s;
    }
    issues.typeError = true;
    issues.add(field, value == null && !body.containsKey(field) ? "Required" : "Expected string, received " + typeName(value));
    return null;
  }

  private static String typeName(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof JsonArray) {
      return "array";
    }
    return "object";
  }

  private static final class Issues {
    private final List<String> list = new ArrayList<>();
    private boolean typeError;

    void add(String path, String message) {
      list.add(path + ": " + message);
    }

    Optional<String> message() {
      return list.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", list));
    }
  }
}
