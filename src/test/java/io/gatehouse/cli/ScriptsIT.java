package io.gatehouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.embedded.EmbeddedStores;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.Scripts;
import io.gatehouse.testing.SecurityLog;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The user scripts in bin/ as real processes through their shell wrappers, with no terminal: against a
 * running embedded server (registration off), against a stopped one (the data folder opened
 * directly), and against a store that cannot be reached.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The user scripts bin/create-user, delete-user, list-users, reset-password")
class ScriptsIT {
  private static final String PASSWORD = "first password 1";
  private static final String NEW_PASSWORD = "second password 2";
  private static final String EXISTS = "A user with that email or username already exists!";
  private static final String REFRESH_GONE = "Refresh token expired or not found for this user";
  private static final Map<String, String> NO_REGISTRATION = Map.of("ALLOW_REGISTRATION", "false");

  @BeforeAll
  void jar() {
    Scripts.assertJarBuilt();
  }

  @AfterAll
  void noBlockedThreads() {
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static Scripts.Result createUser(Path dataDir, String email, String name, String username, String password) {
    return Scripts.script("create-user").dataDir(dataDir).args(email, name, username, "--password-stdin")
      .stdin(password + "\n").run();
  }

  private static void assertExit(int expected, Scripts.Result result) {
    assertEquals(expected, result.exitCode(), result::describe);
  }

  private static void assertContains(String text, String part, Scripts.Result result) {
    assertTrue(text.contains(part), () -> "expected \"" + part + "\" in\n" + result.describe());
  }

  private static Http.Answer loggedIn(Http http, String email, String password) {
    Http.Answer answer = Accounts.loginAttempt(http, email, password);
    assertEquals(200, answer.status(), answer.text());
    assertNotNull(answer.cookie("refreshToken"));
    return answer;
  }

  private static Http.Answer refresh(Http http, String refreshToken) {
    return http.post("/api/auth/refresh").cookie("refreshToken", refreshToken).send();
  }

  private static int me(Http http, String token) {
    return http.get("/api/user").bearer(token).send().status();
  }

  /**
   * The status GET /api/user gives the token once it settles on {@code expected}: revocations reach the
   * server through Redis pub/sub, so they may take a moment; this waits at most 2 s, never a fixed time.
   */
  private static int meEventually(Http http, String token, int expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    int status = me(http, token);
    while (status != expected && System.nanoTime() < deadline) {
      pause(25);
      status = me(http, token);
    }
    return status;
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static boolean markerExists(Path dataDir) {
    return Files.exists(dataDir.resolve(EmbeddedStores.MARKER));
  }

  // --- --help ------------------------------------------------------------------------------------

  @ParameterizedTest(name = "bin/{0} --help")
  @ValueSource(strings = {"create-user", "delete-user", "list-users", "reset-password"})
  @DisplayName("--help prints usage, examples and exit codes, and exits 0")
  void help(String script) {
    Scripts.Result result = Scripts.script(script).args("--help").run();
    assertExit(0, result);
    assertTrue(result.stdout().startsWith("Usage: bin/" + script), result::describe);
    assertContains(result.stdout(), "Examples:", result);
    assertContains(result.stdout(), "Exit codes:", result);
  }

  @Test
  @DisplayName("an unknown option is bad usage: exit 2, with the usage on stderr")
  void badUsage() {
    Scripts.Result result = Scripts.script("list-users").args("--no-such-option").run();
    assertExit(2, result);
    assertContains(result.stderr(), "Usage: bin/list-users", result);
  }

  // --- against a running server ------------------------------------------------------------------

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  @DisplayName("against a running server with ALLOW_REGISTRATION=false")
  class Running {
    private TestGatehouse server;
    private Http http;
    private Path dataDir;

    @BeforeAll
    void start() {
      server = TestGatehouse.start(NO_REGISTRATION);
      http = server.http();
      dataDir = server.dataDir();
      assertTrue(markerExists(dataDir), "the running server announces its stores in embedded.json");
    }

    @AfterAll
    void stop() {
      server.close();
    }

    private Scripts.Result create(String email, String username, String password) {
      return createUser(dataDir, email, "Script User", username, password);
    }

    private void created(String email, String username, String password) {
      assertExit(0, create(email, username, password));
    }

    @Test
    @Order(1)
    @DisplayName("create-user --password-stdin makes the first user an ADMIN who can log in though registration is off")
    void createFirstUser() {
      assertEquals(403, http.post("/api/auth/register").json(new JsonObject().put("name", "Someone Else")
        .put("email", "someone@example.com").put("password", PASSWORD).put("confirm_password", PASSWORD)).status(),
        "registration is off");
      Scripts.Result result = create("admin@example.com", "admin", PASSWORD);
      assertExit(0, result);
      assertContains(result.stdout(), "User created successfully!", result);
      assertTrue(result.stdout().matches("(?s).*email:\\s+admin@example\\.com\\n.*"), result::describe);
      assertTrue(result.stdout().matches("(?s).*role:\\s+ADMIN\\n.*"), result::describe);
      assertTrue(result.stdout().matches("(?s).*id:\\s+[0-9a-f]{24}\\n.*"), result::describe);
      assertFalse(result.stdout().contains(PASSWORD), "a password given on stdin is never printed");

      JsonObject user = loggedIn(http, "admin@example.com", PASSWORD).json().getJsonObject("user");
      assertEquals("admin", user.getString("username"));
      assertEquals("Script User", user.getString("name"));
      assertEquals("ADMIN", user.getString("role"));
    }

    @Test
    @Order(2)
    @DisplayName("create-user makes later users USER, and --role ADMIN overrides that")
    void laterUsers() {
      Scripts.Result plain = create("second@example.com", "second", PASSWORD);
      assertExit(0, plain);
      assertTrue(plain.stdout().matches("(?s).*role:\\s+USER\\n.*"), plain::describe);
      Scripts.Result admin = Scripts.script("create-user").dataDir(dataDir)
        .args("third@example.com", "Third One", "third", "--password-stdin", "--role", "ADMIN")
        .stdin(PASSWORD + "\n").run();
      assertExit(0, admin);
      assertTrue(admin.stdout().matches("(?s).*role:\\s+ADMIN\\n.*"), admin::describe);
      loggedIn(http, "second@example.com", PASSWORD);
    }

    @Test
    @DisplayName("create-user refuses an existing email (any case) or username with exit 1 and LibreChat's message")
    void duplicates() {
      created("dup@example.com", "dupuser", PASSWORD);
      for (String[] clash : new String[][] {
        {"dup@example.com", "otheruser"}, {"DUP@Example.com", "otheruser2"}, {"other@example.com", "dupuser"}}) {
        Scripts.Result result = create(clash[0], clash[1], PASSWORD);
        assertExit(1, result);
        assertContains(result.stderr(), EXISTS, result);
        assertFalse(result.stdout().contains("User created successfully!"), result::describe);
      }
      assertEquals(404, Accounts.loginAttempt(http, "other@example.com", PASSWORD).status(), "nothing was created");
    }

    @Test
    @DisplayName("create-user with only an email and no terminal takes defaults and prints a generated password that logs in")
    void generatedPassword() {
      Scripts.Result result = Scripts.script("create-user").dataDir(dataDir).args("generated@example.com").run();
      assertExit(0, result);
      java.util.regex.Matcher line = java.util.regex.Pattern.compile("password:\\s+(\\S+)\\s+\\(generated").matcher(result.stdout());
      assertTrue(line.find(), result::describe);
      JsonObject user = loggedIn(http, "generated@example.com", line.group(1)).json().getJsonObject("user");
      assertEquals("generated", user.getString("username"));
      assertEquals("generated", user.getString("name"));
    }

    @Test
    @DisplayName("create-user refuses a password shorter than MIN_PASSWORD_LENGTH with exit 1, creating nothing")
    void shortPassword() {
      Scripts.Result result = create("short@example.com", "shortpw", "short");
      assertExit(1, result);
      assertContains(result.stderr(), "Invalid user", result);
      assertEquals(404, Accounts.loginAttempt(http, "short@example.com", "short").status());
    }

    @Test
    @DisplayName("create-user with no email and no terminal exits 2 at once instead of waiting for input")
    void createWithoutEmailOrTerminal() {
      Scripts.Result result = Scripts.script("create-user").dataDir(dataDir).run();
      assertExit(2, result);
      assertContains(result.stderr(), "An email is required", result);
      assertTrue(result.took().compareTo(Duration.ofSeconds(10)) < 0, result::describe);
    }

    @Test
    @DisplayName("list-users shows every user and the total; --json gives {users: [...], total}")
    void listUsers() {
      created("listed-one@example.com", "listedone", PASSWORD);
      created("listed-two@example.com", "listedtwo", PASSWORD);
      long count = TestGatehouse.await(server.mongo().count("users", new JsonObject()));

      Scripts.Result table = Scripts.script("list-users").dataDir(dataDir).run();
      assertExit(0, table);
      assertContains(table.stdout(), "listed-one@example.com", table);
      assertContains(table.stdout(), "listed-two@example.com", table);
      assertContains(table.stdout(), "Total Users: " + count, table);
      assertTrue(table.stdout().lines().findFirst().orElse("").matches("ID\\s+Email\\s+Username\\s+Name\\s+Provider\\s+Role\\s+Created"),
        table::describe);

      Scripts.Result json = Scripts.script("list-users").dataDir(dataDir).args("--json").run();
      assertExit(0, json);
      JsonObject listing = new JsonObject(json.stdout());
      JsonArray users = listing.getJsonArray("users");
      assertEquals(count, listing.getInteger("total").longValue());
      assertEquals(count, users.size());
      JsonObject one = users.stream().map(JsonObject.class::cast)
        .filter(u -> "listed-one@example.com".equals(u.getString("email"))).findFirst().orElseThrow();
      assertEquals("listedone", one.getString("username"));
      assertEquals("Script User", one.getString("name"));
      assertEquals("local", one.getString("provider"));
      assertEquals("USER", one.getString("role"));
      assertTrue(one.getString("_id").matches("[0-9a-f]{24}"), one::encode);
      assertNotNull(one.getValue("createdAt"));
      assertNull(one.getValue("password"), "no hash leaves the store");
      assertFalse(json.stdout().contains("$2"), "no bcrypt hash anywhere in the listing");
    }

    @Test
    @DisplayName("delete-user without --yes and without a 'y' on stdin deletes nothing (exit 1)")
    void deleteNotConfirmed() {
      created("keep@example.com", "keepme", PASSWORD);
      Scripts.Result result = Scripts.script("delete-user").dataDir(dataDir).args("keep@example.com").run();
      assertExit(1, result);
      assertContains(result.stderr(), "Not confirmed", result);
      Scripts.Result no = Scripts.script("delete-user").dataDir(dataDir).args("keep@example.com").stdin("n\n").run();
      assertExit(1, no);
      loggedIn(http, "keep@example.com", PASSWORD);
    }

    @Test
    @DisplayName("delete-user confirmed with 'y' on stdin ends the user: no login, old refresh cookie and bearer token refused")
    void deleteConfirmed() {
      created("doomed@example.com", "doomed", PASSWORD);
      Http.Answer before = loggedIn(http, "doomed@example.com", PASSWORD);
      String token = before.json().getString("token");
      String refreshToken = before.cookie("refreshToken");
      assertEquals(200, me(http, token));

      Scripts.Result result = Scripts.script("delete-user").dataDir(dataDir).args("doomed@example.com").stdin("y\n").run();
      assertExit(0, result);
      assertContains(result.stdout(), "Deleted doomed@example.com", result);
      assertContains(result.stdout(), "1 session(s)", result);

      assertEquals(404, Accounts.loginAttempt(http, "doomed@example.com", PASSWORD).status());
      Http.Answer refreshed = refresh(http, refreshToken);
      // the session is gone and so is its user: LibreChat's answer for that is a redirect to /login
      assertNotEquals(200, refreshed.status(), refreshed.text());
      assertEquals(302, refreshed.status(), refreshed.text());
      assertEquals("/login", refreshed.header("Location"));
      assertNull(refreshed.setCookie("refreshToken"), "no new session");
      assertEquals(401, meEventually(http, token, 401), "the access token from before the deletion");
      assertSecurityEvent(dataDir, "user_deleted");
    }

    /** The script's security event is a JSON line in the operators' security.log (conf/logback-cli.xml). */
    private void assertSecurityEvent(Path dataDir, String event) {
      assertTrue(SecurityLog.events(dataDir).stream().anyMatch(line -> event.equals(line.getString("event"))
        && "script".equals(line.getString("reason"))), event + " in security.log");
    }

    @Test
    @DisplayName("delete-user --yes needs no input; an unknown email is refused with exit 1")
    void deleteWithYesAndUnknown() {
      created("yes@example.com", "yesuser", PASSWORD);
      assertExit(0, Scripts.script("delete-user").dataDir(dataDir).args("yes@example.com", "--yes").run());
      assertEquals(404, Accounts.loginAttempt(http, "yes@example.com", PASSWORD).status());

      Scripts.Result unknown = Scripts.script("delete-user").dataDir(dataDir).args("nobody@example.com", "--yes").run();
      assertExit(1, unknown);
      assertContains(unknown.stderr(), "No user with that email was found: nobody@example.com", unknown);
    }

    @Test
    @DisplayName("reset-password --password-stdin ends every session and revokes access tokens at once; only the new password works")
    void resetPassword() {
      created("reset@example.com", "resetme", PASSWORD);
      Http.Answer before = loggedIn(http, "reset@example.com", PASSWORD);
      String token = before.json().getString("token");
      String refreshToken = before.cookie("refreshToken");
      assertEquals(200, me(http, token));

      Scripts.Result result = Scripts.script("reset-password").dataDir(dataDir)
        .args("reset@example.com", "--password-stdin").stdin(NEW_PASSWORD + "\n").run();
      assertExit(0, result);
      assertContains(result.stdout(), "Password successfully reset for reset@example.com", result);

      Http.Answer refreshed = refresh(http, refreshToken);
      assertEquals(401, refreshed.status(), refreshed.text());
      assertEquals(REFRESH_GONE, refreshed.text());
      assertEquals(401, meEventually(http, token, 401), "the access token from before the reset");

      assertEquals(404, Accounts.loginAttempt(http, "reset@example.com", PASSWORD).status(), "the old password");
      Http.Answer after = loggedIn(http, "reset@example.com", NEW_PASSWORD);
      assertEquals(200, me(http, after.json().getString("token")), "a login after the reset is not caught by it");
      assertEquals(200, refresh(http, after.cookie("refreshToken")).status());
    }

    @Test
    @DisplayName("reset-password refuses a too-short password (exit 1) and, without --password-stdin or a terminal, exits 2 without waiting")
    void resetRefusals() {
      created("keeppw@example.com", "keeppw", PASSWORD);
      Scripts.Result tooShort = Scripts.script("reset-password").dataDir(dataDir)
        .args("keeppw@example.com", "--password-stdin").stdin("short\n").run();
      assertExit(1, tooShort);
      assertContains(tooShort.stderr(), "Invalid password", tooShort);

      Scripts.Result noInput = Scripts.script("reset-password").dataDir(dataDir).args("keeppw@example.com").run();
      assertExit(2, noInput);
      assertContains(noInput.stderr(), "--password-stdin", noInput);
      assertTrue(noInput.took().compareTo(Duration.ofSeconds(10)) < 0, noInput::describe);

      Scripts.Result emptyStdin = Scripts.script("reset-password").dataDir(dataDir)
        .args("keeppw@example.com", "--password-stdin").run();
      assertExit(1, emptyStdin);
      assertContains(emptyStdin.stderr(), "No password on standard input", emptyStdin);

      Scripts.Result unknown = Scripts.script("reset-password").dataDir(dataDir)
        .args("nobody@example.com", "--password-stdin").stdin(NEW_PASSWORD + "\n").run();
      assertExit(1, unknown);
      assertContains(unknown.stderr(), "No user with that email was found", unknown);

      loggedIn(http, "keeppw@example.com", PASSWORD);
    }

    @Test
    @DisplayName("an unreachable MONGO_URI fails list-users with exit 3 within 10 s, naming the URI (password redacted)")
    void unreachableMongo() {
      Scripts.Result result = Scripts.script("list-users").dataDir(dataDir)
        .env("MONGO_URI", "mongodb://127.0.0.1:1/LibreChat").env("REDIS_URI", server.redisUri()).run();
      assertExit(3, result);
      assertTrue(result.took().compareTo(Duration.ofSeconds(10)) < 0, result::describe);
      assertContains(result.stderr(), "mongodb://127.0.0.1:1/LibreChat", result);

      Scripts.Result secret = Scripts.script("list-users").dataDir(dataDir)
        .env("MONGO_URI", "mongodb://admin:s3cret@127.0.0.1:1/LibreChat").env("REDIS_URI", server.redisUri()).run();
      assertExit(3, secret);
      assertContains(secret.stderr(), "mongodb://admin:***@127.0.0.1:1/LibreChat", secret);
      assertFalse(secret.stderr().contains("s3cret"), secret::describe);
    }

    @Test
    @DisplayName("an unreachable REDIS_URI fails with exit 3 within 10 s, naming the URI")
    void unreachableRedis() {
      Scripts.Result result = Scripts.script("list-users").dataDir(dataDir)
        .env("MONGO_URI", server.mongoUri()).env("REDIS_URI", "redis://127.0.0.1:1").run();
      assertExit(3, result);
      assertTrue(result.took().compareTo(Duration.ofSeconds(10)) < 0, result::describe);
      assertContains(result.stderr(), "redis://127.0.0.1:1", result);
    }
    @Test
    @DisplayName("a REDIS_URI where something else answers (not Redis) fails with exit 3 within 10 s, not a hang")
    void notRedis() throws IOException {
      try (FakeServer http = FakeServer.answering("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")) {
        Scripts.Result result = Scripts.script("list-users").dataDir(dataDir)
          .env("MONGO_URI", server.mongoUri()).env("REDIS_URI", http.uri("redis")).timeout(Duration.ofSeconds(30)).run();
        assertExit(3, result);
        assertTrue(result.took().compareTo(Duration.ofSeconds(10)) < 0, result::describe);
        assertContains(result.stderr(), http.uri("redis"), result);
      }
    }

    @Test
    @DisplayName("a REDIS_URI that accepts connections but never answers fails with exit 3 within 10 s")
    void silentRedis() throws IOException {
      try (FakeServer silent = FakeServer.silent()) {
        Scripts.Result result = Scripts.script("list-users").dataDir(dataDir)
          .env("MONGO_URI", server.mongoUri()).env("REDIS_URI", silent.uri("redis")).timeout(Duration.ofSeconds(30)).run();
        assertExit(3, result);
        assertTrue(result.took().compareTo(Duration.ofSeconds(10)) < 0, result::describe);
        assertContains(result.stderr(), silent.uri("redis"), result);
      }
    }
  }

  // --- against a stopped server ------------------------------------------------------------------

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @DisplayName("against a stopped server (the data folder opened directly)")
  class Stopped {
    /** Starts a node on the folder, lets the test use it, and stops it again. */
    private <T> T whileRunning(Path dataDir, Function<TestGatehouse, T> use) {
      TestGatehouse server = TestGatehouse.start(NO_REGISTRATION, dataDir);
      try {
        return use.apply(server);
      } finally {
        server.close();
      }
    }

    @Test
    @DisplayName("create-user works with no server running, leaves no embedded.json, and the user logs in after a start")
    void createWhileStopped() {
      Path dataDir = TestGatehouse.newDataDir();
      whileRunning(dataDir, server -> null);
      assertFalse(markerExists(dataDir), "a stopped server leaves no embedded.json");

      Scripts.Result result = createUser(dataDir, "offline@example.com", "Offline User", "offline", PASSWORD);
      assertExit(0, result);
      assertContains(result.stdout(), "User created successfully!", result);
      assertFalse(markerExists(dataDir), "a script must not pretend to be a running server");

      whileRunning(dataDir, server -> loggedIn(server.http(), "offline@example.com", PASSWORD));
    }

    @Test
    @DisplayName("create-user ignores the embedded.json of a server that died, opening the folder itself")
    void staleMarker() throws IOException, InterruptedException {
      Path dataDir = TestGatehouse.newDataDir();
      Process gone = new ProcessBuilder("true").start();
      gone.waitFor();
      Files.writeString(dataDir.resolve(EmbeddedStores.MARKER), new JsonObject()
        .put("mongoUri", "mongodb://127.0.0.1:1/LibreChat").put("redisUri", "redis://127.0.0.1:1")
        .put("pid", gone.pid()).encode());

      Scripts.Result result = createUser(dataDir, "crashed@example.com", "After Crash", "crashed", PASSWORD);
      assertExit(0, result);
      whileRunning(dataDir, server -> loggedIn(server.http(), "crashed@example.com", PASSWORD));
    }

    @Test
    @DisplayName("reset-password while stopped: after a start the old refresh cookie and token are refused, the new password works")
    void resetWhileStopped() {
      Path dataDir = TestGatehouse.newDataDir();
      Http.Answer before = whileRunning(dataDir, server -> {
        assertExit(0, createUser(dataDir, "stopped@example.com", "Stopped User", "stopped", PASSWORD));
        return loggedIn(server.http(), "stopped@example.com", PASSWORD);
      });
      String token = before.json().getString("token");
      String refreshToken = before.cookie("refreshToken");
      assertFalse(markerExists(dataDir));

      Scripts.Result result = Scripts.script("reset-password").dataDir(dataDir)
        .args("stopped@example.com", "--password-stdin").stdin(NEW_PASSWORD + "\n").run();
      assertExit(0, result);
      assertContains(result.stdout(), "1 session(s) ended", result);

      whileRunning(dataDir, server -> {
        Http http = server.http();
        Http.Answer refreshed = refresh(http, refreshToken);
        assertEquals(401, refreshed.status(), refreshed.text());
        assertEquals(REFRESH_GONE, refreshed.text());
        assertEquals(401, me(http, token), "the revocation was kept in the data folder");
        assertEquals(404, Accounts.loginAttempt(http, "stopped@example.com", PASSWORD).status());
        assertEquals(200, me(http, loggedIn(http, "stopped@example.com", NEW_PASSWORD).json().getString("token")));
        return null;
      });
    }
  }

  /** A loopback TCP server that is not the store a script expects: it answers with fixed bytes, or never. */
  private static final class FakeServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    private FakeServer(byte[] answer) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(() -> {
        while (!socket.isClosed()) {
          try {
            Socket client = socket.accept();
            accepted.add(client);
            if (answer != null) {
              client.getInputStream().read(new byte[4096]);
              client.getOutputStream().write(answer);
              client.getOutputStream().flush();
            }
          } catch (IOException e) {
            // closed, or the client went away
          }
        }
      }, "fake-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    static FakeServer answering(String text) throws IOException {
      return new FakeServer(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    static FakeServer silent() throws IOException {
      return new FakeServer(null);
    }

    String uri(String scheme) {
      return scheme + "://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket client : accepted) {
        client.close();
      }
    }
  }
}
