package io.gatehouse.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.embedded.EmbeddedStores;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Scripts;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as an operator runs it (a process of target/gatehouse.jar), stopped by signals. */
@DisplayName("Stopping the server with SIGTERM")
class GracefulShutdownIT {
  private static final int IN_FLIGHT = 24;

  @TempDir
  Path dataDir;
  private Vertx vertx;
  private WebClient client;
  private Process server;
  private int port;

  @BeforeEach
  void start() throws Exception {
    port = TestGatehouse.freePort();
    ProcessBuilder builder = new ProcessBuilder("java", "-Xmx128m", "-jar", Scripts.jar().toString())
      .directory(Scripts.root().toFile())
      .redirectErrorStream(true)
      .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile());
    builder.environment().put("DATA_DIR", dataDir.toString());
    builder.environment().put("PORT", String.valueOf(port));
    builder.environment().put("HOST", "127.0.0.1");
    builder.environment().put("ALLOW_REGISTRATION", "true");
    builder.environment().put("LOGIN_MAX", "1000");
    builder.environment().put("SHUTDOWN_GRACE", "20000");
    builder.environment().put("GATEHOUSE_ENV_FILE", dataDir.resolve("absent.env").toString());
    server = builder.start();
    vertx = Vertx.vertx();
    client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false), new PoolOptions().setHttp1MaxSize(64));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!answers("/livez")) {
      assertTrue(server.isAlive(), "the server exited during start");
      assertTrue(System.nanoTime() < deadline, "the server did not start within 60 s");
      Thread.sleep(50);
    }
    HttpResponse<Buffer> registered = client.post(port, "127.0.0.1", "/api/auth/register")
      .sendJsonObject(Accounts.registration("drain@example.com")).await(30, TimeUnit.SECONDS);
    assertEquals(200, registered.statusCode(), registered.bodyAsString());
  }

  @AfterEach
  void stop() throws Exception {
    server.destroyForcibly();
    // an immediate exit leaves the embedded Redis (a child process) running: end it with the test
    ProcessHandle.allProcesses()
      .filter(process -> process.info().commandLine().map(line -> line.contains(dataDir.toString())).orElse(false))
      .forEach(ProcessHandle::destroy);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private boolean answers(String path) {
    try {
      return client.get(port, "127.0.0.1", path).send().await(2, TimeUnit.SECONDS).statusCode() == 200;
    } catch (Exception notYet) {
      return false;
    }
  }

  /** Fires logins (each waits its turn for bcrypt) and completes the promise when the first answer is back. */
  private List<Future<HttpResponse<Buffer>>> logins(Promise<Void> firstAnswer) {
    JsonObject body = new JsonObject().put("email", "drain@example.com").put("password", Accounts.PASSWORD);
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    for (int i = 0; i < IN_FLIGHT; i++) {
      answers.add(client.post(port, "127.0.0.1", "/api/auth/login").sendJsonObject(body)
        .andThen(done -> firstAnswer.tryComplete()));
    }
    return answers;
  }

  private void signal(String name) throws IOException, InterruptedException {
    assertEquals(0, new ProcessBuilder("kill", "-" + name, String.valueOf(server.pid())).start().waitFor());
  }

  @Test
  @DisplayName("lets every request in flight finish with its answer, then exits 0 and removes embedded.json")
  void drains() throws Exception {
    assertTrue(Files.exists(dataDir.resolve(EmbeddedStores.MARKER)));
    Promise<Void> first = Promise.promise();
    List<Future<HttpResponse<Buffer>>> answers = logins(first);
    first.future().await(30, TimeUnit.SECONDS);
    signal("TERM");

    for (Future<HttpResponse<Buffer>> answer : answers) {
      HttpResponse<Buffer> response = answer.await(30, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode(), response.bodyAsString());
    }
    assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server exits after draining");
    assertEquals(0, server.exitValue());
    assertFalse(Files.exists(dataDir.resolve(EmbeddedStores.MARKER)), "embedded.json is removed");
    assertFalse(answers("/livez"), "nothing listens any more");
  }

  @Test
  @DisplayName("exits at once on a second signal, without waiting for the requests in flight")
  void secondSignal() throws Exception {
    Promise<Void> first = Promise.promise();
    List<Future<HttpResponse<Buffer>>> answers = logins(first);
    first.future().await(30, TimeUnit.SECONDS);
    signal("TERM");
    signal("TERM");
    assertTrue(server.waitFor(10, TimeUnit.SECONDS), "the second signal ends the process");
    assertNotEquals(0, server.exitValue());
    long unanswered = answers.stream().filter(answer -> {
      try {
        answer.await(10, TimeUnit.SECONDS);
        return false;
      } catch (Exception cut) {
        return true;
      }
    }).count();
    assertTrue(unanswered > 0, "some of the " + IN_FLIGHT + " logins were cut off by the immediate exit");
  }
}
