package io.gatehouse.moderation;

import static io.gatehouse.moderation.Storms.assertLimited;
import static io.gatehouse.moderation.Storms.login;
import static io.gatehouse.moderation.Storms.wrongLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Http;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A soft ban (BAN_DURATION=0)")
class SoftBanTest extends NodeSuite {
  @Override
  protected Map<String, String> variables() {
    return Map.of("BAN_VIOLATIONS", "true", "BAN_DURATION", "0", "LOGIN_MAX", "2",
      "LOGIN_WINDOW", "1", "BAN_INTERVAL", "2");
  }

  @Test
  @DisplayName("ends the user's sessions when the score crosses BAN_INTERVAL, but records no ban: 429s, never 403")
  void endsSessionsOnly() {
    // the storm comes from the account's own browser (its device cookie), so it scores the account too
    String ip = "10.2.1.1";
    Accounts.register(http, "soft@example.com");
    Storms.Session session = Storms.session(http, "soft@example.com", "10.2.1.9");

    assertEquals(404, wrongLogin(http, session, ip).status());
    assertEquals(404, wrongLogin(http, session, ip).status());
    Http.Answer refresh = http.post("/api/auth/refresh").cookie("refreshToken", session.refreshToken()).send();
    assertEquals(200, refresh.status(), "score 1 crosses nothing yet");
    String refreshToken = refresh.cookie("refreshToken");

    assertLimited(wrongLogin(http, session, ip), Storms.LOGIN_LIMITED, 2, 60);
    refresh = http.post("/api/auth/refresh").cookie("refreshToken", refreshToken).send();
    assertEquals(200, refresh.status(), "score 1 crosses nothing yet");
    refreshToken = refresh.cookie("refreshToken");

    assertLimited(wrongLogin(http, session, ip), Storms.LOGIN_LIMITED, 2, 60);
    // score 2 crossed BAN_INTERVAL: the soft ban deleted every session before the 429 was sent
    refresh = http.post("/api/auth/refresh").cookie("refreshToken", refreshToken).send();
    assertEquals(401, refresh.status(), refresh.text());
    assertEquals("Refresh token expired or not found for this user", refresh.text());
    // as in LibreChat, the access token keeps working until it expires: no ban, no revocation
    assertEquals(200, http.get("/api/user").header("X-Forwarded-For", ip).bearer(session.token()).send().status());

    for (int i = 0; i < 6; i++) {
      assertLimited(wrongLogin(http, session, ip), Storms.LOGIN_LIMITED, 2, 60);
    }
    assertLimited(login(http, "soft@example.com", ip), Storms.LOGIN_LIMITED, 2, 60);

    assertEquals(List.of(), redis.keys("gatehouse:ban:*"), "a soft ban writes no ban record");
    assertEquals(9, redis.counter("gatehouse:violations:logins:ip:" + ip));
    assertEquals(200, login(http, "soft@example.com", "10.2.1.2").status(), "the account is not refused");
  }
}
