package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.crypto.Hashes;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.Sessions;
import io.gatehouse.testing.TestGatehouse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A rotated refresh token presented again")
class RefreshReuseTest {
  private static final String NOT_FOUND = "Refresh token expired or not found for this user";

  /** Default REFRESH_REUSE_GRACE (10 s): a replay inside the window is a racing tab. */
  private TestGatehouse graceful;
  /** REFRESH_REUSE_GRACE=0: any replay is theft. */
  private TestGatehouse strict;

  @BeforeAll
  void start() {
    graceful = TestGatehouse.start();
    strict = TestGatehouse.start(Map.of("REFRESH_REUSE_GRACE", "0"));
  }

  @AfterAll
  void stop() {
    graceful.close();
    strict.close();
  }

  private static Http.Answer refresh(TestGatehouse server, String token) {
    return server.http().post("/api/auth/refresh").cookie("refreshToken", token).send();
  }

  private static String rotate(TestGatehouse server, String token) {
    Http.Answer answer = refresh(server, token);
    assertEquals(200, answer.status(), answer.text());
    return answer.cookie("refreshToken");
  }

  @Test
  @DisplayName("inside the grace window gets 401 and leaves the session alive")
  void insideGrace() {
    String first = Accounts.registerAndLogin(graceful.http(), "reuse-grace@example.com").cookie("refreshToken");
    String sessionId = Sessions.idOf(first);
    String second = rotate(graceful, first);

    Http.Answer replay = refresh(graceful, first);
    assertEquals(401, replay.status(), replay.text());
    assertEquals(NOT_FOUND, replay.text());
    assertNull(replay.setCookie("refreshToken"));

    assertEquals(Hashes.sha256Hex(second), Sessions.find(graceful, sessionId).getString("refreshTokenHash"),
      "the session still holds the newest token");
    String third = rotate(graceful, second);
    assertNotNull(third);
  }

  @Test
  @DisplayName("after the grace window (0 here) gets 401 and revokes the whole session")
  void afterGrace() {
    String first = Accounts.registerAndLogin(strict.http(), "reuse-strict@example.com").cookie("refreshToken");
    String sessionId = Sessions.idOf(first);
    String second = rotate(strict, first);
    assertNotNull(Sessions.find(strict, sessionId));

    Http.Answer replay = refresh(strict, first);
    assertEquals(401, replay.status(), replay.text());
    assertEquals(NOT_FOUND, replay.text());

    assertNull(Sessions.find(strict, sessionId), "the session is revoked");
    Http.Answer newest = refresh(strict, second);
    assertEquals(401, newest.status(), "the thief's or the victim's newest token is dead too: " + newest.text());
    assertEquals(NOT_FOUND, newest.text());
  }

  @Test
  @DisplayName("after the grace window leaves the user's other sessions alone")
  void otherSessionsSurvive() {
    Http http = strict.http();
    Accounts.register(http, "reuse-two@example.com");
    String phone = Accounts.login(http, "reuse-two@example.com").cookie("refreshToken");
    String laptop = Accounts.login(http, "reuse-two@example.com").cookie("refreshToken");
    rotate(strict, phone);

    assertEquals(401, refresh(strict, phone).status());
    assertNull(Sessions.find(strict, Sessions.idOf(phone)));
    assertNotNull(rotate(strict, laptop), "only the session whose token was replayed is revoked");
  }
}
