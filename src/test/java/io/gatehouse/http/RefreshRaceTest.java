package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.gatehouse.crypto.Hashes;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.Sessions;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("POST /api/auth/refresh under concurrency")
class RefreshRaceTest extends NodeSuite {
  private static final int PARALLEL = 50;

  @Test
  @DisplayName("lets exactly one of 50 parallel refreshes with one token win; the others get 401 and the winner's token works")
  void oneWinner() {
    String token = Accounts.registerAndLogin(http, "race@example.com").cookie("refreshToken");

    List<Future<HttpResponse<Buffer>>> inFlight = new ArrayList<>();
    for (int i = 0; i < PARALLEL; i++) {
      inFlight.add(http.post("/api/auth/refresh").cookie("refreshToken", token).sendAsync());
    }
    TestGatehouse.await(Future.all(inFlight));
    List<Http.Answer> answers = inFlight.stream().map(f -> new Http.Answer(f.result())).toList();

    Map<Integer, Long> statuses = answers.stream()
      .collect(Collectors.groupingBy(Http.Answer::status, TreeMap::new, Collectors.counting()));
    assertEquals(Map.of(200, 1L, 401, (long) PARALLEL - 1), statuses);
    answers.stream().filter(a -> a.status() == 401).forEach(a ->
      assertEquals("Refresh token expired or not found for this user", a.text()));

    String winner = answers.stream().filter(a -> a.status() == 200).findFirst().orElseThrow().cookie("refreshToken");
    assertNotNull(winner);
    String sessionId = Sessions.idOf(token);
    assertEquals(Hashes.sha256Hex(winner), Sessions.find(server, sessionId).getString("refreshTokenHash"),
      "the stored hash is the winner's token");

    Http.Answer further = http.post("/api/auth/refresh").cookie("refreshToken", winner).send();
    assertEquals(200, further.status(), further.text());
  }
}
