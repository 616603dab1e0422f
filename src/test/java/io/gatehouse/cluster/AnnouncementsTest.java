package io.gatehouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.bus.Addresses;
import io.gatehouse.moderation.BanStore;
import io.gatehouse.revocation.RevocationStore;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.NodeSuite;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The two ways announcements reach a node (the scripts' Redis channel and the cluster's event-bus
 * address) and why hearing one twice, or out of order, is harmless.
 */
@DisplayName("Announcements of bans and revocations")
class AnnouncementsTest extends NodeSuite {
  private static final Duration PROPAGATION = Duration.ofSeconds(2);

  private record User(String id, String token) {
  }

  private User user(String email) {
    Http.Answer login = Accounts.registerAndLogin(http, email);
    return new User(login.json().getJsonObject("user").getString("_id"), login.json().getString("token"));
  }

  private Http.Answer userRoute(User user) {
    return http.get("/api/user").bearer(user.token()).send();
  }

  private void awaitStatus(User user, int status, String awaited) {
    Eventually.until(PROPAGATION, awaited, () -> userRoute(user), answer -> answer.status() == status);
  }

  private static JsonObject record(long until) {
    return new JsonObject().put("type", "manual").put("violation_count", 0).put("duration", 60_000).put("expiresAt", until);
  }

  @Test
  @DisplayName("a ban announced twice and then lifted once leaves the user free: applying an event again changes nothing")
  void banTwiceUnbanOnce() {
    User user = user("twice@example.com");
    BanStore bans = redis.bans();
    long until = System.currentTimeMillis() + 60_000;
    TestGatehouse.await(bans.ban("user:" + user.id(), record(until)));
    TestGatehouse.await(bans.ban("user:" + user.id(), record(until)));
    awaitStatus(user, 403, "the ban bites");

    TestGatehouse.await(bans.unban("user:" + user.id()));
    awaitStatus(user, 200, "one unban lifts a ban announced twice");
  }

  @Test
  @DisplayName("revocations heard out of order keep the latest moment")
  void revocationsOutOfOrder() {
    User user = user("order@example.com");
    User marker = user("marker@example.com");
    RevocationStore revocations = new RevocationStore(redis.client(), new Announcements(server.vertx(), redis.client()),
      15 * 60_000, 60_000);
    long later = System.currentTimeMillis() + 1_000;
    TestGatehouse.await(revocations.revoke(user.id(), later));
    awaitStatus(user, 401, "the token issued before the revocation is refused");

    TestGatehouse.await(revocations.revoke(user.id(), later - 60_000));
    assertEquals(String.valueOf(later), redis.get(RevocationStore.KEY_PREFIX + user.id()),
      "Redis keeps the latest moment too");
    // the channel keeps order: once the marker's ban bites, the older revocation has been heard too
    TestGatehouse.await(redis.bans().ban("user:" + marker.id(), record(System.currentTimeMillis() + 60_000)));
    awaitStatus(marker, 403, "the marker ban bites");
    assertEquals(401, userRoute(user).status(), "an older revocation heard later does not bring the token back");
  }

  @Test
  @DisplayName("an announcement on the cluster's address is applied only as Redis confirms it; forged ones and junk change nothing")
  void eventBusWayIn() {
    User user = user("bus@example.com");
    User marker = user("bus-marker@example.com");
    String subject = "user:" + user.id();
    server.vertx().eventBus().publish(Addresses.EVENTS, "not an event");
    server.vertx().eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", BanStore.BANNED));
    server.vertx().eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", "unknown").put("subject", subject));
    // a ban with no record in Redis: whoever reached the cluster port bans nobody
    server.vertx().eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", BanStore.BANNED).put("subject", subject)
      .put("until", System.currentTimeMillis() + 60_000).put("version", Long.MAX_VALUE));
    server.vertx().eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", RevocationStore.REVOKED)
      .put("userId", user.id()).put("at", System.currentTimeMillis() + 60_000));
    TestGatehouse.await(redis.bans().ban("user:" + marker.id(), record(System.currentTimeMillis() + 60_000)));
    awaitStatus(marker, 403, "the marker ban bites");
    assertEquals(200, userRoute(user).status(), "a forged ban or revocation on the bus is ignored");

    // the record written to Redis without an announcement: a bare announcement on the bus then applies it
    String recordKey = "gatehouse:ban:" + subject;
    long version = TestGatehouse.await(redis.client().send(Request.cmd(Command.INCR).arg("gatehouse:ban-version"))).toLong();
    TestGatehouse.await(redis.client().send(Request.cmd(Command.SET).arg(recordKey)
      .arg(record(System.currentTimeMillis() + 60_000).put("version", version).encode()).arg("PX").arg(60_000)));
    server.vertx().eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", BanStore.BANNED).put("subject", subject));
    awaitStatus(user, 403, "a ban Redis confirms bites");

    // an unban announced while Redis still holds the ban (forged, or older than a newer ban) lifts nothing
    server.vertx().eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", BanStore.UNBANNED).put("subject", subject)
      .put("version", Long.MAX_VALUE));
    TestGatehouse.await(redis.bans().unban("user:" + marker.id()));
    awaitStatus(marker, 200, "the marker's unban lifts");
    assertEquals(403, userRoute(user).status(), "an unban Redis does not confirm lifts nothing");

    TestGatehouse.await(redis.bans().unban(subject));
    awaitStatus(user, 200, "a real unban lifts");
    assertEquals(200, http.get("/livez").send().status());
  }
}
