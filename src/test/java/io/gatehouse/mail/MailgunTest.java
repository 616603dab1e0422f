package io.gatehouse.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Mail through Mailgun's HTTP API (a Mailgun-shaped server on loopback)")
class MailgunTest extends NodeSuite {
  private static final String KEY = "key-mailgun-test";
  private final Vertx peer = Vertx.vertx();
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final HttpServer mailgun = TestGatehouse.await(peer.createHttpServer().requestHandler(request -> {
    request.setExpectMultipart(true);
    request.endHandler(v -> {
      JsonObject call = new JsonObject().put("path", request.path())
        .put("authorization", request.getHeader("Authorization"));
      MultiMap form = request.formAttributes();
      form.names().forEach(name -> call.put(name, form.get(name)));
      received.add(call);
      request.response().putHeader("Content-Type", "application/json").end("{\"id\":\"<1@mg>\",\"message\":\"Queued\"}");
    });
  }).listen(0, "127.0.0.1"));

  @Override
  protected Map<String, String> variables() {
    return Map.of("MAILGUN_API_KEY", KEY, "MAILGUN_DOMAIN", "mg.example.test", "MAILGUN_HOST",
      "http://127.0.0.1:" + mailgun.actualPort(), "EMAIL_FROM", "noreply@example.test", "EMAIL_FROM_NAME", "Acme",
      "DOMAIN_CLIENT", "https://chat.example.test");
  }

  @AfterAll
  void stopPeer() {
    TestGatehouse.await(peer.close());
  }

  @Test
  @DisplayName("posts the verification mail to /v3/<domain>/messages with api:<key>, both bodies and click tracking off")
  void verificationMail() {
    Accounts.register(http, "mailgun@example.com");
    JsonObject call = Eventually.until(Duration.ofSeconds(10), "a call to Mailgun", () -> received.isEmpty() ? null
      : received.get(0), c -> c != null);
    assertEquals("/v3/mg.example.test/messages", call.getString("path"));
    assertEquals("Basic " + Base64.getEncoder().encodeToString(("api:" + KEY).getBytes(StandardCharsets.UTF_8)),
      call.getString("authorization"));
    assertEquals("Acme <noreply@example.test>", call.getString("from"));
    assertEquals("mailgun@example.com", call.getString("to"));
    assertEquals("Verify your email", call.getString("subject"));
    assertEquals("no", call.getString("o:tracking-clicks"));
    assertTrue(call.getString("text").contains("https://chat.example.test/verify?token="), call.getString("text"));
    assertTrue(call.getString("html").contains("https://chat.example.test/verify?token="));
    assertEquals(422, http.post("/api/auth/login").json(new JsonObject().put("email", "mailgun@example.com")
      .put("password", Accounts.PASSWORD)).status());
  }
}
