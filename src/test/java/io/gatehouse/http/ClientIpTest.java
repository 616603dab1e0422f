package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Resolves the client address of real requests through a real server, as Express's trust proxy does. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The client IP behind TRUST_PROXY")
class ClientIpTest {
  private Vertx vertx;
  private WebClient client;
  private int port;
  private volatile int hops;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    port = TestGatehouse.freePort();
    HttpServer server = vertx.createHttpServer().requestHandler(request ->
      request.response().end(ClientIp.of(request, hops)));
    server.listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
    client = WebClient.create(vertx);
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "TRUST_PROXY={0}, X-Forwarded-For ''{1}'' -> {2}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
    "0|203.0.113.9|127.0.0.1",
    "1|-|127.0.0.1",
    "1|203.0.113.9|203.0.113.9",
    "1|198.51.100.1, 203.0.113.9|203.0.113.9",
    "2|198.51.100.1, 203.0.113.9|198.51.100.1",
    "3|198.51.100.1, 203.0.113.9|198.51.100.1",
    "1|203.0.113.9:4711|203.0.113.9",
    "1|[2001:db8::1]|2001:db8::1",
    "1|::ffff:203.0.113.9|203.0.113.9",
    "1|','|127.0.0.1",
    "1|',,,'|127.0.0.1",
    "3|' , '|127.0.0.1",
    "1|'203.0.113.9,'|127.0.0.1",
    "2|'203.0.113.9,'|203.0.113.9",
    "1|unknown|127.0.0.1",
    "1|'unknown, , 203.0.113.9'|203.0.113.9",
    "1|999999999999999999999999999999999999999999999999|127.0.0.1",
    "1|'<script>'|127.0.0.1",
    "1|2001:db8::1|2001:db8::1"})
  void resolves(int trusted, String forwardedFor, String expected) throws Exception {
    hops = trusted;
    var request = client.get(port, "127.0.0.1", "/");
    if (forwardedFor != null) {
      request.putHeader("X-Forwarded-For", forwardedFor);
    }
    assertEquals(expected, request.send().await(10, TimeUnit.SECONDS).bodyAsString());
  }

  @org.junit.jupiter.api.Test
  @DisplayName("reads every X-Forwarded-For line, as Node does, so a client's own line cannot hide the proxy's")
  void everyHeaderLine() throws Exception {
    hops = 1;
    var request = client.get(port, "127.0.0.1", "/").putHeader("X-Forwarded-For", java.util.List.of("10.0.0.1", "7.7.7.7"));
    assertEquals("7.7.7.7", request.send().await(10, TimeUnit.SECONDS).bodyAsString());
  }
}
