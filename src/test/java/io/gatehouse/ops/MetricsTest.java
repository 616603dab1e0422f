package io.gatehouse.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.TestGatehouse;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Prometheus metrics on the management port")
class MetricsTest extends NodeSuite {
  private static final String EMAIL = "metrics@example.com";
  private static final String WRONG = "not the right one";
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");

  private final int metricsPort = TestGatehouse.freePort();
  private String scrape;
  private List<Integer> storm;

  @Override
  protected Map<String, String> variables() {
    return Map.of("BAN_VIOLATIONS", "true", "LOGIN_MAX", "2", "LOGIN_WINDOW", "1", "LOGIN_VIOLATION_SCORE", "1",
      "BAN_INTERVAL", "2", "REFRESH_REUSE_GRACE", "0", "METRICS_PORT", String.valueOf(metricsPort));
  }

  /**
   * The script: one registration, one login, a refresh, its replay (reuse) and the revoked session's
   * token (not found), two wrong passwords from two addresses, then a storm from one address:
   * 404, 404, 429 (score 1), 403 (score 2 = BAN_INTERVAL: banned), 403 (the ban check).
   */
  @BeforeAll
  void script() throws Exception {
    Accounts.register(http, EMAIL);
    Http.Answer login = Accounts.loginAttempt(http, EMAIL, Accounts.PASSWORD, "198.51.100.1");
    assertEquals(200, login.status(), login.text());
    String first = login.cookie("refreshToken");
    Http.Answer rotated = refresh(first);
    assertEquals(200, rotated.status(), rotated.text());
    String second = rotated.cookie("refreshToken");
    assertEquals(401, refresh(first).status(), "a replay after the grace window revokes the session");
    assertEquals(401, refresh(second).status(), "the revoked session is gone");

    assertEquals(404, Accounts.loginAttempt(http, EMAIL, WRONG, "198.51.100.2").status());
    assertEquals(404, Accounts.loginAttempt(http, EMAIL, WRONG, "198.51.100.3").status());
    // from the account's own browser: the storm bans the account along with the address
    String device = login.cookie("gatehouse_device");
    storm = new ArrayList<>();
    for (int i = 0; i < 10 && !storm.contains(403); i++) {
      storm.add(Accounts.loginAttempt(http, EMAIL, WRONG, "198.51.100.9", device).status());
    }
    storm.add(Accounts.loginAttempt(http, EMAIL, WRONG, "198.51.100.9", device).status());
    scrape = get("127.0.0.1", metricsPort, Metrics.PATH).body();
  }

  private Http.Answer refresh(String token) {
    return http.post("/api/auth/refresh").cookie("refreshToken", token).send();
  }

  @Test
  @DisplayName("the scripted storm went 404, 404, 429, 403 and stays banned")
  void stormShape() {
    assertEquals(List.of(404, 404, 429, 403, 403), storm);
  }

  @Test
  @DisplayName("counts logins by outcome exactly")
  void logins() {
    assertEquals(1.0, value("gatehouse_logins_total", Map.of("outcome", "success")));
    assertEquals(4.0, value("gatehouse_logins_total", Map.of("outcome", "bad_credentials")));
    assertEquals(1.0, value("gatehouse_logins_total", Map.of("outcome", "limited")));
    assertEquals(2.0, value("gatehouse_logins_total", Map.of("outcome", "banned")));
    assertEquals(0.0, value("gatehouse_logins_total", Map.of("outcome", "2fa_pending")));
    assertEquals(0.0, value("gatehouse_logins_total", Map.of("outcome", "throttled_account")));
    assertEquals(0.0, value("gatehouse_logins_total", Map.of("outcome", "device_distrusted")));
    assertEquals(0.0, value("gatehouse_mails_suppressed_total", Map.of("kind", "password_reset")));
  }

  @Test
  @DisplayName("counts registrations, refreshes and violations exactly")
  void domainCounters() {
    assertEquals(1.0, value("gatehouse_registrations_total", Map.of("outcome", "created")));
    assertEquals(0.0, value("gatehouse_registrations_total", Map.of("outcome", "existing")));
    assertEquals(1.0, value("gatehouse_refreshes_total", Map.of("outcome", "rotated")));
    assertEquals(1.0, value("gatehouse_refreshes_total", Map.of("outcome", "reuse_detected")));
    assertEquals(1.0, value("gatehouse_refreshes_total", Map.of("outcome", "not_found")));
    assertEquals(0.0, value("gatehouse_refreshes_total", Map.of("outcome", "invalid")));
    assertEquals(2.0, value("gatehouse_violations_total", Map.of("type", "logins")));
  }

  @Test
  @DisplayName("shows the active bans (the user's and the address's), the user cache's lookups, and times every bcrypt operation")
  void bansAndHashing() {
    assertEquals(1.0, value("gatehouse_bans_active", Map.of("subject", "user")));
    assertEquals(1.0, value("gatehouse_bans_active", Map.of("subject", "ip")));
    assertTrue(value("gatehouse_user_cache_lookups_total", Map.of("result", "hit"))
      + value("gatehouse_user_cache_lookups_total", Map.of("result", "miss")) >= 1, "the refreshes looked the user up");
    // one registration hashes; the success and the four wrong passwords verify (limited and banned never reach bcrypt)
    assertEquals(1.0, value("gatehouse_password_hash_seconds_count", Map.of("operation", "hash")));
    assertEquals(5.0, value("gatehouse_password_hash_seconds_count", Map.of("operation", "verify")));
    assertTrue(value("gatehouse_password_hash_seconds_sum", Map.of("operation", "verify")) > 0);
    assertTrue(scrape.contains("gatehouse_password_hash_seconds_bucket{"), "a histogram");
  }

  @Test
  @DisplayName("has Vert.x's HTTP server request counts and latency histograms by route, and event-bus and pool meters")
  void vertxMeters() {
    Map<String, String> login404 = Map.of("route", "/api/auth/login", "method", "POST", "code", "404");
    assertEquals(4.0, value("vertx_http_server_requests_total", login404), scrape);
    assertEquals(1.0, value("vertx_http_server_requests_total", Map.of("route", "/api/auth/login", "code", "200")));
    assertTrue(lines("vertx_http_server_response_time_seconds_bucket", Map.of("route", "/api/auth/login")).size() > 1,
      "latency buckets by route");
    assertFalse(lines("vertx_eventbus_handlers", Map.of()).isEmpty(), "event-bus gauges");
    assertFalse(lines("vertx_pool_ratio", Map.of()).isEmpty() && lines("vertx_pool_in_use", Map.of()).isEmpty(),
      "pool gauges");
  }

  @Test
  @DisplayName("is never served on the public port")
  void notPublic() {
    Http.Answer answer = http.get(Metrics.PATH).send();
    assertEquals(404, answer.status());
    assertFalse(answer.text().contains("gatehouse_logins_total"));
  }

  @Test
  @DisplayName("listens on loopback only, and only at /metrics")
  void loopbackOnly() throws Exception {
    assertEquals(metricsPort, server.metricsPort());
    assertEquals(404, get("127.0.0.1", metricsPort, "/").statusCode());
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          assertThrows(IOException.class, () -> {
            try (Socket socket = new Socket()) {
              socket.connect(new InetSocketAddress(address, metricsPort), 2000);
            }
          }, "the metrics port must not answer on " + address);
        }
      }
    }
  }

  @Test
  @DisplayName("METRICS_ENABLED=false: no metrics server, and the node works as before")
  void off() {
    try (TestGatehouse quiet = TestGatehouse.start(Map.of("METRICS_ENABLED", "false"))) {
      assertEquals(-1, quiet.metricsPort());
      Accounts.registerAndLogin(quiet.http(), "quiet@example.com");
      assertEquals(404, quiet.http().get(Metrics.PATH).send().status());
    }
  }

  private static HttpResponse<String> get(String host, int port, String path) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).GET().build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The one sample of {@code name} carrying every label given (others may be present). */
  private double value(String name, Map<String, String> labels) {
    List<String> matches = lines(name, labels);
    assertEquals(1, matches.size(), name + labels + " in:\n" + matches);
    Matcher m = SAMPLE.matcher(matches.get(0));
    assertTrue(m.matches(), matches.get(0));
    return Double.parseDouble(m.group(4));
  }

  private List<String> lines(String name, Map<String, String> labels) {
    List<String> found = new ArrayList<>();
    for (String line : scrape.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.matches() || !m.group(1).equals(name)) {
        continue;
      }
      String set = m.group(3) == null ? "" : m.group(3);
      List<String> pairs = List.of(set.split(","));
      if (labels.entrySet().stream().allMatch(e -> pairs.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
        found.add(line);
      }
    }
    return found;
  }
}
