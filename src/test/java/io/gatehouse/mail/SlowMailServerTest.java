package io.gatehouse.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.crypto.PasswordHasher;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.LogCapture;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Store;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A mail server that never answers, or is not there, hangs no request")
class SlowMailServerTest extends NodeSuite {
  /** Far above EMAIL_SEND_TIMEOUT (1 s) plus the work of a request, far below the client's own 60 s. */
  private static final Duration BOUND = Duration.ofSeconds(20);
  private final SilentServer silent = new SilentServer();

  @Override
  protected Map<String, String> variables() {
    return Map.of("EMAIL_HOST", "127.0.0.1", "EMAIL_PORT", String.valueOf(silent.port()), "EMAIL_FROM",
      "noreply@chat.example.test", "DOMAIN_CLIENT", "https://chat.example.test", "EMAIL_SEND_TIMEOUT", "1000",
      "ALLOW_PASSWORD_RESET", "true");
  }

  @AfterAll
  void stopSilent() {
    silent.close();
  }

  /** Accepts SMTP connections and never says a word: not even the greeting. */
  private static final class SilentServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    SilentServer() {
      try {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread accept = new Thread(() -> {
        while (!socket.isClosed()) {
          try {
            held.add(socket.accept());
          } catch (IOException closed) {
            return;
          }
        }
      }, "silent-smtp");
      accept.setDaemon(true);
      accept.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() {
      try {
        socket.close();
        for (Socket client : held) {
          client.close();
        }
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private static Http.Answer timed(java.util.function.Supplier<Http.Answer> request) {
    long started = System.nanoTime();
    Http.Answer answer = request.get();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(took.compareTo(BOUND) < 0, "answered after " + took.toMillis() + " ms");
    return answer;
  }

  @Test
  @DisplayName("registration answers LibreChat's 500 within the bound and removes the account it could not mail")
  void registration() {
    String email = "unmailed@example.com";
    Http.Answer answer = timed(() -> http.post("/api/auth/register").json(Accounts.registration(email)));
    assertEquals(500, answer.status(), answer.text());
    assertEquals("{\"message\":\"Something went wrong\"}", answer.text());
    assertNull(Store.userByEmail(server, email), "no half-made account is left");
  }

  @Test
  @DisplayName("a reset request answers at once: the mail goes out after the answer")
  void resetRequest() {
    String email = "waits@example.com";
    Store.insert(server, Store.USERS, Store.localUser(email, PasswordHasher.hashNow(Accounts.PASSWORD), true));
    try (LogCapture logs = LogCapture.open()) {
      Http.Answer answer = timed(() -> http.post("/api/auth/requestPasswordReset")
        .json(new JsonObject().put("email", email)));
      assertEquals(200, answer.status(), answer.text());
      // the send gives up only after EMAIL_SEND_TIMEOUT: an answer that waited for it would come after this line
      assertFalse(logs.lines().stream().anyMatch(line -> line.contains("Password-reset mail for user")),
        "answered before the mail failed");
      Eventually.until(BOUND, "the failed reset mail in the log", () -> logs.lines().stream()
        .anyMatch(line -> line.contains("Password-reset mail for user") && line.contains("not sent")), Boolean::booleanValue);
    }
  }

  @Test
  @DisplayName("a verification resend answers the generic 200 at once, as for an unknown email; the failure is logged")
  void resend() {
    String email = "unverified@example.com";
    Store.insert(server, Store.USERS, Store.localUser(email, PasswordHasher.hashNow(Accounts.PASSWORD), false));
    try (LogCapture logs = LogCapture.open()) {
      Http.Answer answer = timed(() -> http.post("/api/user/verify/resend").header("X-Forwarded-For", "10.6.0.1")
        .json(new JsonObject().put("email", email)));
      assertEquals(200, answer.status(), answer.text());
      assertEquals("{\"message\":\"Please check your email to verify your email address.\"}", answer.text());
      assertFalse(logs.lines().stream().anyMatch(line -> line.contains("Verification mail for user")),
        "answered before the mail failed");
      Eventually.until(BOUND, "the failed verification mail in the log", () -> logs.lines().stream()
        .anyMatch(line -> line.contains("Verification mail for user") && line.contains("not sent")), Boolean::booleanValue);
    }
  }

  @Test
  @DisplayName("a mail server that is not there fails registration quickly the same way")
  void deadServer() {
    int closedPort = TestGatehouse.freePort();
    try (TestGatehouse dead = TestGatehouse.start(Map.of("EMAIL_HOST", "127.0.0.1", "EMAIL_PORT",
      String.valueOf(closedPort), "EMAIL_FROM", "noreply@chat.example.test", "DOMAIN_CLIENT", "https://chat.example.test",
      "EMAIL_SEND_TIMEOUT", "1000"))) {
      Http.Answer answer = timed(() -> dead.http().post("/api/auth/register").json(Accounts.registration("x@example.com")));
      assertEquals(500, answer.status(), answer.text());
      assertNull(Store.userByEmail(dead, "x@example.com"));
    }
  }
}
