package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.LogCapture;
import io.gatehouse.testing.NodeSuite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Clients that send a request a byte at a time, or never finish it, cannot hold a connection: a body
 * that has not arrived within REQUEST_TIMEOUT gets 503 and the connection closes; a request head that
 * has not arrived within ten seconds of the connection opening closes it.
 */
@DisplayName("Slow, stalled and malformed requests on the wire")
class SlowClientsTest extends NodeSuite {
  @Override
  protected Map<String, String> variables() {
    return Map.of("REQUEST_TIMEOUT", "1000");
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
    // far past both bounds: a read that times out means the server held the connection
    socket.setSoTimeout(30_000);
    return socket;
  }

  /** Everything the server sends until it closes the connection. */
  private static String readToEnd(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
      all.write(chunk, 0, n);
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a body that stops arriving: 503 after REQUEST_TIMEOUT, the route logged, the connection closed")
  void stalledBody() throws IOException {
    try (LogCapture logs = LogCapture.open(); Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Content-Length: 100\r\n\r\n{\"email\":").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = readToEnd(socket);
      assertTrue(answer.startsWith("HTTP/1.1 503 "), answer);
      assertTrue(answer.endsWith("{\"message\":\"The server did not answer in time.\"}"), answer);
      assertTrue(logs.lines().stream().anyMatch(line -> line.contains("No answer within 1000 ms to POST /api/auth/login")),
        logs.lines().toString());
    }
    assertEquals(200, Accounts.registerAndLogin(http, "after-stall@example.com").status(), "the node serves on");
  }

  @Test
  @DisplayName("a client that hangs up halfway through its body: nothing answered, nothing logged as a failure")
  void hangsUpMidBody() throws IOException {
    try (LogCapture logs = LogCapture.open()) {
      try (Socket socket = connect()) {
        socket.getOutputStream().write(("POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\":").getBytes(StandardCharsets.US_ASCII));
        socket.shutdownOutput();
        assertEquals("", readToEnd(socket));
      }
      assertEquals(200, http.get("/livez").send().status());
      assertEquals(java.util.List.of(), logs.containing(java.util.List.of("Unhandled failure", "Exception")),
        "a client going away is not a failure of ours");
    }
  }

  @Test
  @DisplayName("a request head that never completes: the connection is closed, unanswered, within ten seconds")
  void stalledHead() throws IOException {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write("POST /api/auth/login HTTP/1.1\r\nHost: local".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long started = System.nanoTime();
      assertEquals("", readToEnd(socket), "closed without an answer");
      long seconds = (System.nanoTime() - started) / 1_000_000_000;
      assertTrue(seconds < 20, "closed after " + seconds + " s");
    }
  }

  @Test
  @DisplayName("a path that does not decode (/oauth/%zz): 400 at once, no stack trace in the log")
  void malformedPath() throws IOException {
    try (LogCapture logs = LogCapture.open()) {
      for (String path : java.util.List.of("/oauth/%zz", "/api/%", "/api/auth/login%zz")) {
        try (Socket socket = connect()) {
          socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
          String answer = readToEnd(socket);
          assertTrue(answer.startsWith("HTTP/1.1 400 "), path + ": " + answer);
          assertTrue(answer.endsWith("{\"message\":\"Bad request\"}"), path + ": " + answer);
        }
      }
      assertEquals(java.util.List.of(), logs.containing(java.util.List.of("Unhandled exception")), "no stack trace logged");
    }
  }

  @Test
  @DisplayName("a kept-alive connection is answered request after request, and closed once idle past the bound")
  void keptAlive() throws IOException {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      String request = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";
      out.write((request + request).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answers = readToEnd(socket);
      assertEquals(2, answers.split("HTTP/1.1 200 ", -1).length - 1, answers);
    }
  }
}
