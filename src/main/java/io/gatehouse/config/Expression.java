package io.gatehouse.config;

/**
 * Evaluates the arithmetic LibreChat accepts in duration variables ({@code 1000 * 60 * 15}):
 * numbers, {@code + - * /}, parentheses and unary minus. A recursive-descent parser, so no
 * script engine ever sees operator input.
 */
public final class Expression {
  private static final int MAX_LENGTH = 200;

  private final String text;
  private int pos;

  private Expression(String text) {
    this.text = text;
  }

  /** @throws IllegalArgumentException when the text is not a finite arithmetic expression */
  public static double evaluate(String text) {
    if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("not an arithmetic expression");
    }
    Expression parser = new Expression(text);
    double value = parser.sum();
    parser.skipSpaces();
    if (parser.pos != text.length()) {
      throw new IllegalArgumentException("unexpected '" + text.charAt(parser.pos) + "'");
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite number");
    }
    return value;
  }

  private double sum() {
    double value = product();
    while (true) {
      if (take('+')) {
        value += product();
      } else if (take('-')) {
        value -= product();
      } else {
        return value;
      }
    }
  }

  private double product() {
    double value = unary();
    while (true) {
      if (take('*')) {
        value *= unary();
      } else if (take('/')) {
        value /= unary();
      } else {
        return value;
      }
    }
  }

  private double unary() {
    if (take('-')) {
      return -unary();
    }
    if (take('+')) {
      return unary();
    }
    if (take('(')) {
      double value = sum();
      if (!take(')')) {
        throw new IllegalArgumentException("missing ')'");
      }
      return value;
    }
    return number();
  }

  private double number() {
    skipSpaces();
    int start = pos;
    while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
      pos++;
    }
    if (start == pos) {
      throw new IllegalArgumentException(pos < text.length() ? "unexpected '" + text.charAt(pos) + "'" : "number expected");
    }
    return Double.parseDouble(text.substring(start, pos));
  }

  private boolean take(char c) {
    skipSpaces();
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }
}
