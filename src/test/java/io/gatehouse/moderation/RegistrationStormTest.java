package io.gatehouse.moderation;

import static io.gatehouse.moderation.Storms.assertBanned;
import static io.gatehouse.moderation.Storms.assertLimited;
import static io.gatehouse.moderation.Storms.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.Store;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A registration storm from one address")
class RegistrationStormTest extends NodeSuite {
  private static final String LIMITED = "{\"message\":\"Too many accounts created, please try again after 1 minutes\"}";

  @Override
  protected Map<String, String> variables() {
    return Map.of("BAN_VIOLATIONS", "true", "REGISTER_MAX", "2", "REGISTER_WINDOW", "1",
      "BAN_INTERVAL", "2", "BAN_DURATION", "60000");
  }

  @Test
  @DisplayName("answers 200, 200, then 429 with Retry-After, then bans the address with 403; other addresses still register")
  void escalates() {
    String ip = "10.1.1.1";
    Http.Answer first = register(http, "wave1@example.com", ip);
    assertEquals(200, first.status(), first.text());
    assertEquals("2", first.header("X-RateLimit-Limit"));
    assertEquals("1", first.header("X-RateLimit-Remaining"));
    assertEquals(200, register(http, "wave2@example.com", ip).status());
    assertLimited(register(http, "wave3@example.com", ip), LIMITED, 2, 60);
    assertBanned(register(http, "wave4@example.com", ip), 60);
    assertBanned(register(http, "wave5@example.com", ip), 60);
    assertNull(Store.userByEmail(server, "wave3@example.com"), "a refused registration creates nothing");
    assertNull(Store.userByEmail(server, "wave4@example.com"));

    JsonObject ban = new JsonObject(redis.get("gatehouse:ban:ip:" + ip));
    assertEquals("registrations", ban.getString("type"));
    assertEquals(2, ban.getLong("violation_count"));
    assertEquals(2, redis.counter("gatehouse:violations:registrations:ip:" + ip));
    assertEquals(List.of(), redis.keys("gatehouse:ban:user:*"), "the new emails belong to no account: only the address is banned");

    assertEquals(200, register(http, "elsewhere@example.com", "10.1.1.2").status());
    // an address ban covers login too, while the accounts created from there are not banned themselves
    assertBanned(Storms.login(http, "wave1@example.com", ip), 60);
    assertEquals(200, Storms.login(http, "wave1@example.com", "10.1.1.3").status());
  }
}
