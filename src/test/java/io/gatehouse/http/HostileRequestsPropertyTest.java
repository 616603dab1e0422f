package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.EventLoopWatch;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.LogCapture;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile requests over every public route, generated and shrunk by jqwik: methods, paths with hostile
 * query strings, headers ({@code X-Forwarded-For}, {@code Cookie}, {@code Authorization}, {@code Content-Type}
 * variants and casing), bodies (deep nesting, wrong types, operator keys, huge strings, invalid UTF-8, form
 * and JSON) and {@code Content-Length} that lies. Each is written byte for byte on its own connection.
 * Properties: answered within a few seconds, never 5xx, no stack trace logged; afterwards the node is
 * healthy and a normal registration and login work. {@code jqwik.tries.default} (junit-platform.properties) sets how many run
 * in {@code mvn verify}; {@code mvn test -Dtest=HostileRequestsPropertyTest -Djqwik.tries.default=20000}
 * runs more.
 */
@Label("Hostile requests over every public route")
class HostileRequestsPropertyTest {
  /** Far above any legitimate answer here; a request held longer is a hang. */
  private static final int ANSWER_MS = 5_000;
  private static TestGatehouse server;
  private static LogCapture logs;

  @BeforeContainer
  static void start() {
    logs = LogCapture.open();
    server = TestGatehouse.start(Map.of("ALLOW_PASSWORD_RESET", "true"));
  }

  @AfterContainer
  static void healthyAfterwards() {
    try {
      Http http = server.http();
      assertEquals(200, http.get("/livez").send().status(), "the node is alive");
      Http.Answer login = Accounts.registerAndLogin(http, "after-the-storm@example.com");
      assertEquals(200, login.status(), login.text());
      assertEquals(200, http.get("/api/user").bearer(login.json().getString("token")).send().status());
    } finally {
      server.close();
      logs.close();
    }
    assertEquals(List.of(), logs.containing(List.of("Unhandled", "Exception")), "no request logs a stack trace");
    assertEquals(List.of(), EventLoopWatch.instance().warnings(),
      "no event loop may block or leave an exception unhandled");
  }

  /** One request as it goes on the wire; {@code lengthLie} is added to the true Content-Length. */
  record Hostile(String method, String target, List<Map.Entry<String, String>> headers, byte[] body, int lengthLie) {
    @Override
    public String toString() {
      String shown = new String(body, 0, Math.min(body.length, 200), StandardCharsets.ISO_8859_1);
      return method + " " + target + " " + headers.stream().map(h -> h.getKey() + ": " + abbreviate(h.getValue())).toList()
        + " Content-Length" + (lengthLie == 0 ? "" : (lengthLie > 0 ? "+" : "") + lengthLie) + " body(" + body.length + ")="
        + shown;
    }
  }

  @Property
  @Label("every request is answered within a few seconds, and never with a 5xx")
  void neverHangsNorFails(@ForAll("requests") Hostile request) throws IOException {
    String answer = send(request);
    if (answer.isEmpty()) {
      // a body announced longer than sent, then the client stopped writing: nothing left to answer
      assertTrue(request.lengthLie() > 0, "closed without an answer: " + request);
      return;
    }
    int status = status(answer);
    assertTrue(status >= 200 && status < 500, status + " for " + request + "\n" + abbreviate(answer));
  }

  private static String send(Hostile request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(ANSWER_MS);
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      head.writeBytes((request.method() + " " + request.target() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
      for (Map.Entry<String, String> header : request.headers()) {
        head.writeBytes((header.getKey() + ": " + header.getValue() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      }
      if (request.body().length > 0 || request.lengthLie() != 0) {
        long declared = Math.max(0, request.body().length + request.lengthLie());
        head.writeBytes(("Content-Length: " + declared + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      }
      head.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head.toByteArray());
        out.write(request.body());
        out.flush();
        if (request.lengthLie() > 0) {
          socket.shutdownOutput();
        }
      } catch (IOException closedEarly) {
        // the server may answer (413, 400) and close before the whole body is written: read what it said
      }
      return readAnswer(socket.getInputStream(), request);
    }
  }

  private static String readAnswer(InputStream in, Hostile request) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        all.write(chunk, 0, n);
      }
    } catch (SocketTimeoutException hung) {
      throw new AssertionError("no answer within " + ANSWER_MS + " ms: " + request, hung);
    } catch (IOException reset) {
      // a reset after the answer (the server closed on unread body bytes) still leaves the answer read
      if (all.size() == 0) {
        throw reset;
      }
    }
    return all.toString(StandardCharsets.ISO_8859_1);
  }

  /** The final status line's code (skipping a 100 Continue). */
  private static int status(String answer) {
    for (String line : answer.split("\r\n")) {
      if (line.matches("HTTP/1\\.[01] \\d{3}.*") && !line.startsWith("HTTP/1.1 100")) {
        return Integer.parseInt(line.substring(9, 12));
      }
    }
    throw new AssertionError("no status line in: " + abbreviate(answer));
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "…(" + text.length() + ")";
  }

  // --- generators ----------------------------------------------------------------------------

  private static final List<String> ROUTES = List.of("/api/auth/login", "/api/auth/register", "/api/auth/refresh",
    "/api/auth/logout", "/api/auth/requestPasswordReset", "/api/auth/resetPassword", "/api/user/verify",
    "/api/user/verify/resend", "/api/auth/2fa/verify-temp", "/api/auth/2fa/enable", "/api/auth/2fa/verify",
    "/api/auth/2fa/confirm", "/api/auth/2fa/disable", "/api/auth/2fa/backup/regenerate", "/api/user", "/api/config",
    "/health", "/livez", "/oauth/github", "/oauth/github/callback", "/oauth/openid/callback", "/oauth/error",
    "/oauth/%zz", "/api/nope", "/", "/api/auth/login/", "/API/AUTH/LOGIN", "//api//auth//login", "/api/auth/../user",
    "/api/auth/%2e%2e/user", "/oauth/github/callback/extra");

  private static final List<String> QUERIES = List.of("", "", "?", "?x=%zz", "?email=%", "?%zz", "?a=1&a=2",
    "?email[$ne]=x", "?email=a%40b.c&password=12345678", "?retry=true", "?retry=%zz", "?state=&code=",
    "?state=" + "s".repeat(5000), "?__proto__[x]=1", "?constructor.prototype.x=1", "?email=%C3%28", "?x=%00",
    "?" + "a=1&".repeat(2000), "?error=access_denied&state=x");

  private static final List<String> METHODS = List.of("GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
    "HEAD", "post", "TRACE");

  /** An unsigned JWT, alg none, claiming to be an access token. */
  private static final String ALG_NONE = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
    + b64("{\"id\":\"6747aa00aa00aa00aa00aa00\",\"email\":\"x@example.com\",\"exp\":9999999999}") + ".";

  private static final List<Map.Entry<String, String>> HEADERS = List.of(
    Map.entry("X-Forwarded-For", ","), Map.entry("X-Forwarded-For", ",,,"), Map.entry("X-Forwarded-For", " "),
    Map.entry("X-Forwarded-For", "203.0.113.7"), Map.entry("X-Forwarded-For", "::ffff:10.0.0.1"),
    Map.entry("X-Forwarded-For", "[::1]:8080"), Map.entry("X-Forwarded-For", "unknown, , 1.2.3.4"),
    Map.entry("X-Forwarded-For", "9".repeat(6000)), Map.entry("x-forwarded-for", "1.1.1.1,2.2.2.2,3.3.3.3"),
    Map.entry("Cookie", "refreshToken="), Map.entry("Cookie", "refreshToken=a.b.c"), Map.entry("Cookie", "=;;=; ;"),
    Map.entry("Cookie", "refreshToken=%zz; token_provider=openid"), Map.entry("Cookie", "gatehouse_device=v1.x.y.1.2.z"),
    Map.entry("Cookie", "gatehouse_device=" + "A".repeat(5000)), Map.entry("Cookie", "\u00ff\u00fe=\u00ff"),
    Map.entry("Cookie", "refreshToken=" + ALG_NONE), Map.entry("cookie", "gatehouse_oauth=x; refreshToken=y"),
    Map.entry("Authorization", "Bearer"), Map.entry("Authorization", "Bearer "), Map.entry("Authorization", "Bearer a.b.c"),
    Map.entry("Authorization", "Bearer " + ALG_NONE), Map.entry("Authorization", "Basic Zm9vOmJhcg=="),
    Map.entry("authorization", "bearer x"), Map.entry("Authorization", "Bearer " + "x".repeat(10_000)),
    Map.entry("Content-Type", "application/json"), Map.entry("Content-Type", "APPLICATION/JSON; charset=UTF-8"),
    Map.entry("Content-Type", "application/x-www-form-urlencoded"),
    Map.entry("content-type", "Application/X-WWW-Form-Urlencoded; charset=latin1"), Map.entry("Content-Type", "text/plain"),
    Map.entry("Content-Type", "multipart/form-data; boundary=zz"), Map.entry("Content-Type", "application/vnd.api+json"),
    Map.entry("Content-Type", "application/json; charset=utf-16"), Map.entry("Content-Type", ""),
    Map.entry("Content-Type", "application/json, text/plain"), Map.entry("User-Agent", "curl/8.4.0"),
    Map.entry("Origin", "https://evil.example"), Map.entry("Accept-Encoding", "gzip, br"));

  private static final List<String> KEYS = List.of("email", "password", "confirm_password", "name", "username",
    "token", "tempToken", "backupCode", "userId", "$where", "a.b", "__proto__", "$gt", "email.$ne", "");

  private static final List<Object> LEAVES = List.of("", "x@example.com", "correct horse battery", 0, -1, 1.5e308,
    true, false, "%zz", "\u0000", "\ud83d\ude00".repeat(100), "z".repeat(200_000), "6747aa00aa00aa00aa00aa00",
    List.of(1, 2), Map.of("$ne", ""), "a".repeat(3_200_000));

  @Provide
  Arbitrary<Hostile> requests() {
    Arbitrary<String> target = Combinators.combine(Arbitraries.of(ROUTES), Arbitraries.of(QUERIES)).as(String::concat);
    Arbitrary<List<Map.Entry<String, String>>> headers = Arbitraries.of(HEADERS).list().ofMaxSize(5);
    Arbitrary<byte[]> body = Arbitraries.oneOf(jsonBodies(), rawBodies(), formBodies(), Arbitraries.just(new byte[0]));
    Arbitrary<Integer> lie = Arbitraries.of(0, 0, 0, 0, 0, -1, -7, 3, 100);
    return Combinators.combine(Arbitraries.of(METHODS), target, headers, body, lie).as(Hostile::new);
  }

  /** A JSON object nested {@code depth} times around a leaf, or a JSON value of the wrong shape. */
  private Arbitrary<byte[]> jsonBodies() {
    Arbitrary<byte[]> nested = Combinators.combine(Arbitraries.integers().between(0, 150), Arbitraries.of(KEYS),
      Arbitraries.of(LEAVES), Arbitraries.of(KEYS)).as((depth, outer, leaf, inner) -> {
        Object value = leaf;
        for (int i = 0; i < depth; i++) {
          value = new JsonObject().put(i % 2 == 0 ? inner : outer, value);
        }
        return new JsonObject().put(outer, value).put("email", leaf).encode().getBytes(StandardCharsets.UTF_8);
      });
    Arbitrary<byte[]> shapes = Arbitraries.of("[]", "[{\"email\":1}]", "\"text\"", "42", "null", "true", "{", "{\"a\":",
      "{\"email\":\"x@example.com\",\"email\":{\"$ne\":1}}", "{\"a\":1}garbage", "[".repeat(5000))
      .map(text -> text.getBytes(StandardCharsets.UTF_8));
    return Arbitraries.oneOf(nested, shapes);
  }

  /** Bytes that are not valid UTF-8, or not text at all. */
  private Arbitrary<byte[]> rawBodies() {
    return Arbitraries.of(
      new byte[] {(byte) 0xC3, 0x28}, new byte[] {'{', '"', 'e', '"', ':', '"', (byte) 0xFF, '"', '}'},
      new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {0, 0, 0, 0}, new byte[] {(byte) 0xEF, (byte) 0xBB,
        (byte) 0xBF, '{', '}'});
  }

  private Arbitrary<byte[]> formBodies() {
    return Arbitraries.of("email=%zz&password=%", "email=a%40b.c&password=12345678", "a=1&a=2&a=3", "%zz=1", "=&=&",
      "email[$ne]=x&password[$gt]=", "email=" + "%41".repeat(20_000), "tempToken=a.b.c&token=123456")
      .map(text -> text.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
