package io.gatehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Duration expressions as LibreChat operators write them")
class ExpressionTest {
  @Test
  @DisplayName("evaluates products, sums, parentheses and unary minus with the usual precedence")
  void arithmetic() {
    assertEquals(900000, Expression.evaluate("1000 * 60 * 15"));
    assertEquals(604800000, Expression.evaluate("1000*60*60*24*7"));
    assertEquals(7, Expression.evaluate("1 + 2 * 3"));
    assertEquals(9, Expression.evaluate("(1 + 2) * 3"));
    assertEquals(-5, Expression.evaluate("-(2 + 3)"));
    assertEquals(2.5, Expression.evaluate("5 / 2"));
    assertEquals(42, Expression.evaluate("  42 "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "1 +", "(1", "1 2", "process.exit()", "1e3", "2 ** 3", "1/0", "java.lang.System"})
  @DisplayName("refuses anything that is not plain finite arithmetic")
  void refuses(String text) {
    assertThrows(IllegalArgumentException.class, () -> Expression.evaluate(text));
  }
}
