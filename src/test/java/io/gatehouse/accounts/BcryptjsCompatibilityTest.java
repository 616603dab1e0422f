package io.gatehouse.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.Store;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Users whose hashes LibreChat (bcryptjs) wrote log in unchanged. The vectors in
 * {@code bcryptjs-vectors.json} were produced by real bcryptjs 3.x at cost 10 (see its note and
 * {@code bcryptjs-vectors.mjs}); each is stored as a user document and logged in over HTTP.
 */
@DisplayName("bcryptjs hashes from a LibreChat database")
class BcryptjsCompatibilityTest extends NodeSuite {
  private final List<Vector> vectors = load();

  record Vector(int index, String label, String variant, String password, String hash) {
    String email() {
      return "bcryptjs-" + index + "@example.com";
    }

    @Override
    public String toString() {
      return label + " " + variant;
    }
  }

  @BeforeAll
  void setUp() {
    for (Vector vector : vectors) {
      Store.insert(server, Store.USERS, Store.localUser(vector.email(), vector.hash(), true));
    }
  }

  static List<Vector> load() {
    try (InputStream in = BcryptjsCompatibilityTest.class.getResourceAsStream("/bcryptjs-vectors.json")) {
      assertNotNull(in, "bcryptjs-vectors.json is on the test classpath");
      JsonObject file = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      assertTrue(file.getString("note").contains("bcryptjs 3."), file.getString("note"));
      JsonArray list = file.getJsonArray("vectors");
      List<Vector> vectors = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        JsonObject v = list.getJsonObject(i);
        vectors.add(new Vector(i, v.getString("label"), v.getString("variant"), v.getString("password"),
          v.getString("hash")));
      }
      return vectors;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  Stream<Vector> vectors() {
    return vectors.stream();
  }

  @Test
  @DisplayName("cover $2a$ and $2b$ at cost 10 for ASCII, Unicode, 72-byte and 100-character passwords")
  void vectorsAreWhatTheyClaim() {
    assertEquals(8, vectors.size());
    for (String variant : new String[] {"$2a$", "$2b$"}) {
      assertEquals(4, vectors.stream().filter(v -> v.hash().startsWith(variant + "10$")).count(), variant);
    }
    assertTrue(vectors.stream().anyMatch(v -> v.password().getBytes(StandardCharsets.UTF_8).length > v.password().length()),
      "a password with multi-byte characters");
    assertTrue(vectors.stream().anyMatch(v -> v.password().getBytes(StandardCharsets.UTF_8).length == 72));
    assertTrue(vectors.stream().anyMatch(v -> v.password().length() == 100));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  @DisplayName("logs in with the password bcryptjs hashed")
  void logsIn(Vector vector) {
    Http.Answer answer = Accounts.loginAttempt(http, vector.email(), vector.password());
    assertEquals(200, answer.status(), answer.text());
    assertEquals(vector.email(), answer.json().getJsonObject("user").getString("email"));
    assertNotNull(answer.cookie("refreshToken"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  @DisplayName("refuses a wrong password with 404")
  void refusesWrongPassword(Vector vector) {
    // Change a character inside the first 72 bytes, where bcrypt still looks.
    String wrong = (vector.password().charAt(0) == 'X' ? "Y" : "X") + vector.password().substring(1);
    Http.Answer answer = Accounts.loginAttempt(http, vector.email(), wrong);
    assertEquals(404, answer.status(), answer.text());
    assertEquals("{\"message\":\"Incorrect email or password.\"}", answer.text());
  }

  @Test
  @DisplayName("ignores everything after 72 bytes, as bcryptjs does, so the first 72 characters of a 100-character password log in")
  void truncatesAt72Bytes() {
    List<Vector> long100 = vectors.stream().filter(v -> v.password().length() == 100).toList();
    assertEquals(2, long100.size());
    for (Vector vector : long100) {
      String first72 = vector.password().substring(0, 72);
      assertEquals(200, Accounts.loginAttempt(http, vector.email(), first72).status(), vector.toString());
      assertEquals(200, Accounts.loginAttempt(http, vector.email(), first72 + "anything else").status(),
        vector.toString());
      assertEquals(404, Accounts.loginAttempt(http, vector.email(), vector.password().substring(0, 71)).status(),
        vector.toString());
    }
  }
}
