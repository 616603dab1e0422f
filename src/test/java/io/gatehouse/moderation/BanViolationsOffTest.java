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

@DisplayName("With BAN_VIOLATIONS unset")
class BanViolationsOffTest extends NodeSuite {
  @Override
  protected Map<String, String> variables() {
    return Map.of("LOGIN_MAX", "2", "LOGIN_WINDOW", "1", "BAN_INTERVAL", "2");
  }

  @Test
  @DisplayName("a storm is answered 429 for ever: scores still grow past every multiple of BAN_INTERVAL, nobody is banned")
  void countsButNeverBans() {
    String ip = "10.3.1.1";
    Accounts.register(http, "unbanned@example.com");
    Storms.Session owner = Storms.session(http, "unbanned@example.com", "10.3.1.9");
    String userId = owner.userId();
    // from the account's own browser: its device cookie makes the hits the account's too
    assertEquals(404, wrongLogin(http, owner, ip).status());
    assertEquals(404, wrongLogin(http, owner, ip).status());
    for (int score = 1; score <= 10; score++) {
      Http.Answer answer = wrongLogin(http, owner, ip);
      assertLimited(answer, Storms.LOGIN_LIMITED, 2, 60);
      assertEquals(score, redis.counter("gatehouse:violations:logins:ip:" + ip), "the address's score");
      assertEquals(score, redis.counter("gatehouse:violations:logins:user:" + userId), "the account's score");
    }
    assertLimited(login(http, "unbanned@example.com", ip), Storms.LOGIN_LIMITED, 2, 60);
    assertEquals(List.of(), redis.keys("gatehouse:ban:*"));
    assertEquals(200, login(http, "unbanned@example.com", "10.3.1.2").status());
  }
}
