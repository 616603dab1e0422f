package io.gatehouse.cluster;

import static io.gatehouse.moderation.Storms.assertBanned;
import static io.gatehouse.moderation.Storms.describe;
import static io.gatehouse.moderation.Storms.login;
import static io.gatehouse.moderation.Storms.register;
import static io.gatehouse.moderation.Storms.session;
import static io.gatehouse.moderation.Storms.wrongLogin;
import static io.gatehouse.oauth.Flows.assertAuthFailed;
import static io.gatehouse.oauth.Flows.assertSignedIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.embedded.EmbeddedStores;
import io.gatehouse.moderation.Storms;
import io.gatehouse.oauth.Browser;
import io.gatehouse.oauth.Flows;
import io.gatehouse.oauth.SocialPeers;
import io.gatehouse.oauth.peers.GitHubPeer;
import io.gatehouse.oauth.peers.Person;
import io.gatehouse.testing.Accounts;
import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.Scripts;
import io.gatehouse.testing.SecurityLog;
import io.gatehouse.testing.SteadyLoad;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three clustered nodes, each its own JVM started with {@code bin/gatehouse --cluster}, sharing one
 * {@code bin/gatehouse stores} on loopback: any node serves any request, bans and revocations made
 * anywhere bite everywhere, and each step of a social login may land on another node. One trio serves
 * every scenario (Hazelcast takes seconds to form); the node killed and the late joiner come last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Three clustered nodes sharing one bin/gatehouse stores")
class ClusterIT {
  /** The promise of the issue: a ban or revocation made on one node bites on the others within a second. */
  private static final Duration PROPAGATION = Duration.ofSeconds(1);
  private static final Duration MEMBERSHIP = Duration.ofSeconds(60);

  private final ClusterProcesses cluster = new ClusterProcesses();
  private Vertx vertx;
  /** The social provider every node offers: GitHub Enterprise's endpoints on loopback. */
  private GitHubPeer github;
  private ClusterProcesses.Node nodeA;
  private ClusterProcesses.Node nodeB;
  private ClusterProcesses.Node nodeC;
  private Http a;
  private Http b;
  private Http c;

  @BeforeAll
  void start() {
    Scripts.assertJarBuilt();
    vertx = Vertx.vertx();
    github = new GitHubPeer(vertx);
    cluster.startStores();
    Map<String, String> social = new HashMap<>(SocialPeers.variables(List.of(github)));
    social.put("ALLOW_SOCIAL_REGISTRATION", "true");
    cluster.configureNodes(social);
    List<ClusterProcesses.Node> trio = cluster.startNodes(List.of("a", "b", "c"));
    nodeA = trio.get(0);
    nodeB = trio.get(1);
    nodeC = trio.get(2);
    a = Http.on(vertx, nodeA.port());
    b = Http.on(vertx, nodeB.port());
    c = Http.on(vertx, nodeC.port());
    for (Http node : List.of(a, b, c)) {
      awaitMembers(node, 3);
    }
  }

  @AfterAll
  void stop() throws Exception {
    cluster.close();
    if (github != null) {
      github.close();
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(0)
  @DisplayName("bin/gatehouse --cluster refuses to start without MONGO_URI and REDIS_URI, and says why")
  void refusesWithoutSharedStores() {
    Scripts.Result refused = Scripts.script("gatehouse").args("--cluster").dataDir(TestGatehouse.newDataDir()).run();
    assertEquals(2, refused.exitCode(), refused.describe());
    assertTrue(refused.stderr().contains("Clustered mode needs MONGO_URI and REDIS_URI"), refused.describe());
  }

  @Test
  @Order(0)
  @DisplayName("bin/gatehouse --cluster on a taken CLUSTER_PORT exits 1, naming the variable and the port")
  void clusterPortTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Scripts.Result refused = cluster.scriptRun("gatehouse", "--cluster")
        .env("HOST", "127.0.0.1").env("PORT", String.valueOf(TestGatehouse.freePort())).env("METRICS_PORT", "0")
        .env("CLUSTER_PORT", String.valueOf(port)).env("CLUSTER_MEMBERS", "127.0.0.1:" + port)
        .timeout(Duration.ofSeconds(30)).run();
      assertEquals(1, refused.exitCode(), refused.describe());
      assertTrue(refused.stderr().contains("gatehouse: cannot start: CLUSTER_PORT " + port + " is in use on 127.0.0.1 "
        + "(another Gatehouse or another server?): stop it, or set CLUSTER_PORT to a free port"), refused.describe());
    }
  }

  @Test
  @Order(1)
  @DisplayName("/readyz on every node reports the stores up and a cluster of three")
  void readiness() {
    for (Http node : List.of(a, b, c)) {
      Http.Answer ready = node.get("/readyz").send();
      assertEquals(200, ready.status(), ready.text());
      assertEquals(new JsonObject().put("state", "joined").put("members", 3), ready.json().getJsonObject("cluster"));
    }
  }

  @Test
  @Order(2)
  @DisplayName("log in on A, refresh on B, log out on C: the session is one, whichever node serves it")
  void sessionAcrossNodes() {
    assertEquals(200, register(a, "roaming@example.com", "10.20.1.1").status());
    Storms.Session login = session(a, "roaming@example.com", "10.20.1.1");

    Http.Answer refreshed = b.post("/api/auth/refresh").cookie("refreshToken", login.refreshToken()).send();
    assertEquals(200, refreshed.status(), refreshed.text());
    String token = refreshed.json().getString("token");
    String rotated = refreshed.cookie("refreshToken");
    assertNotEquals(login.refreshToken(), rotated);
    assertEquals(200, c.get("/api/user").bearer(token).send().status(), "a token from B is good on C");
    assertEquals(401, a.post("/api/auth/refresh").cookie("refreshToken", login.refreshToken()).send().status(),
      "the token B rotated away is spent on A too");

    Http.Answer logout = c.post("/api/auth/logout").bearer(token).cookie("refreshToken", rotated).send();
    assertEquals(200, logout.status(), logout.text());
    for (Http node : List.of(a, b, c)) {
      Http.Answer after = node.post("/api/auth/refresh").cookie("refreshToken", rotated).send();
      assertEquals(401, after.status(), "the session ended on C is gone for every node: " + describe(after));
    }
  }

  @Test
  @Order(3)
  @DisplayName("a ban triggered on A refuses the user on B and C within a second, through the cluster's event bus")
  void banAcrossNodes() {
    assertEquals(200, register(a, "storm@example.com", "10.20.2.9").status());
    Storms.Session onB = session(b, "storm@example.com", "10.20.2.2");
    Storms.Session onC = session(c, "storm@example.com", "10.20.2.3");
    double heardBefore = eventsHeardFromOtherNodes(nodeC);

    long started = banOn(a, onB, "10.20.2.1");
    for (Map.Entry<Http, Storms.Session> onNode : Map.of(b, onB, c, onC).entrySet()) {
      Http.Answer refused = awaitRefused(onNode.getKey(), onNode.getValue().token(), started);
      assertTrue(refused.status() == 401 || refused.status() == 403, describe(refused));
    }
    // read before the logins below, whose refusals B might announce too: only A's ban can count here
    assertTrue(eventsHeardFromOtherNodes(nodeC) > heardBefore, "C heard the ban on the event bus, from A");
    assertBanned(login(b, "storm@example.com", "10.20.2.4"), 60);
    assertBanned(login(c, "storm@example.com", "10.20.2.5"), 60);
    assertBanned(login(c, "anyone@example.com", "10.20.2.1"), 60);
  }

  @Test
  @Order(4)
  @DisplayName("an operator's unban (bin/unban-user beside C) frees the user and the address on every node")
  void unbanEverywhere() {
    assertEquals(200, register(c, "pardoned@example.com", "10.20.3.9").status());
    banOn(c, session(c, "pardoned@example.com", "10.20.3.8"), "10.20.3.1");
    // each poll from an address of its own: a banned account is told once its password passed the limiter
    AtomicInteger polls = new AtomicInteger(100);
    for (Http node : List.of(a, b, c)) {
      Eventually.until(PROPAGATION, "port " + node.port() + " refuses the banned user",
        () -> login(node, "pardoned@example.com", "10.20.3." + polls.incrementAndGet()), answer -> answer.status() == 403);
    }

    assertEquals(0, cluster.script("unban-user", "pardoned@example.com").exitCode());
    assertEquals(0, cluster.script("unban-user", "10.20.3.1").exitCode());
    long started = System.nanoTime();
    for (Http node : List.of(a, b, c)) {
      Eventually.until(remaining(started), "port " + node.port() + " lets the user in again",
        () -> login(node, "pardoned@example.com", "10.20.3." + polls.incrementAndGet()), answer -> answer.status() == 200);
      // its login window is still spent (a wrong login would score and ban it again): register from it instead
      Http.Answer address = register(node, "from-pardoned-" + node.port() + "@example.com", "10.20.3.1");
      assertEquals(200, address.status(), "the address is free again: " + describe(address));
    }
  }

  @Test
  @Order(5)
  @DisplayName("reset-password and delete-user reject the old access tokens on every node within a second")
  void revocationEverywhere() {
    assertEquals(200, register(a, "forgetful@example.com", "10.20.4.9").status());
    List<String> tokens = tokensOnEveryNode("forgetful@example.com", "10.20.41");
    Scripts.Result reset = cluster.scriptRun("reset-password", "forgetful@example.com", "--password-stdin")
      .stdin("a brand new password\n").run();
    assertEquals(0, reset.exitCode(), reset.describe());
    assertAllRejected(tokens, System.nanoTime());
    Http.Answer fresh = login(b, "forgetful@example.com", "a brand new password", "10.20.4.2");
    assertEquals(200, fresh.status(), fresh.text());
    assertEquals(200, c.get("/api/user").bearer(fresh.json().getString("token")).send().status(),
      "a token issued after the reset is good everywhere");

    assertEquals(200, register(b, "leaving@example.com", "10.20.4.8").status());
    List<String> leaving = tokensOnEveryNode("leaving@example.com", "10.20.43");
    Scripts.Result deleted = cluster.script("delete-user", "leaving@example.com", "--yes");
    assertEquals(0, deleted.exitCode(), deleted.describe());
    assertAllRejected(leaving, System.nanoTime());
    assertEquals(404, login(c, "leaving@example.com", "10.20.4.4").status());
  }

  @Test
  @Order(6)
  @DisplayName("a GitHub login started on A completes on B, its session refreshes on C, and its state serves once")
  void socialLoginAcrossNodes() {
    Person person = Person.named("cluster-github");
    github.nextUser(person);
    String ip = "10.20.8.1";
    Browser browser = new Browser(vertx, ip);
    String authorize = Flows.begin(browser, a, github);
    // the provider's own pages: no node is involved
    String callback = Flows.consent(browser, github, authorize, a);

    Http.Answer signedIn = Flows.callback(browser, b, github, callback);
    assertSignedIn(signedIn);
    Http.Answer refreshed = c.post("/api/auth/refresh").cookie("refreshToken", signedIn.cookie("refreshToken")).send();
    assertEquals(200, refreshed.status(), refreshed.text());
    assertNotNull(refreshed.json().getString("token"), refreshed.text());
    assertEquals(person.email(), refreshed.json().getJsonObject("user").getString("email"));

    assertNotNull(browser.cookie("gatehouse_oauth"), "the replay comes from the browser that started the login");
    assertAuthFailed(Flows.callback(browser, c, github, callback));
    // C recorded why before it answered: the state B took, not the code GitHub has spent too
    List<String> onC = SecurityLog.events(nodeC.dataDir()).stream()
      .filter(event -> "oauth_login".equals(event.getString("event")) && ip.equals(event.getString("ip")))
      .map(event -> event.getString("reason")).toList();
    assertEquals(List.of("github: unknown_or_used_state"), onC);
  }

  @Test
  @Order(7)
  @DisplayName("kill -9 of A: B and C serve a steady load without one failed request, and keep hearing each other")
  void nodeKilled() {
    assertEquals(200, register(b, "steady@example.com", "10.20.5.9").status());
    String token = session(b, "steady@example.com", "10.20.5.1").token();
    SteadyLoad load = SteadyLoad.start(List.of(b, c), 4, node -> node.get("/api/user").bearer(token));
    List<String> failures;
    try {
      awaitAnswers(load, 50);
      nodeA.kill9();
      awaitMembers(b, 2);
      awaitMembers(c, 2);
      awaitAnswers(load, load.answered(b) + 200);
    } finally {
      failures = load.stop();
    }
    assertEquals(List.of(), failures, "no request failed on B or C");

    assertEquals(200, register(b, "after-kill@example.com", "10.20.5.8").status());
    Storms.Session onC = session(c, "after-kill@example.com", "10.20.5.2");
    long started = banOn(b, onC, "10.20.5.3");
    awaitRefused(c, onC.token(), started);
  }

  @Test
  @Order(8)
  @DisplayName("a node joining late refuses banned users from its first answer, hears new bans, and stops cleanly")
  void lateJoiner() throws Exception {
    ClusterProcesses.Node nodeD = cluster.startNodes(List.of("d")).get(0);
    Http d = Http.on(vertx, nodeD.port());
    // the first answer D gives: the ban made on B before D existed is already in force
    assertBanned(login(d, "after-kill@example.com", "10.20.6.1"), 60);
    awaitMembers(d, 3);

    Storms.Session onD = session(d, "steady@example.com", "10.20.6.2");
    assertEquals(200, register(c, "late-storm@example.com", "10.20.6.9").status());
    Storms.Session lateOnD = session(d, "late-storm@example.com", "10.20.6.3");
    long started = banOn(c, lateOnD, "10.20.6.4");
    awaitRefused(d, lateOnD.token(), started);

    SteadyLoad load = SteadyLoad.start(List.of(b, c), 4, node -> node.get("/api/user").bearer(onD.token()));
    List<String> failures;
    List<Future<HttpResponse<Buffer>>> inFlight;
    try {
      awaitAnswers(load, 50);
      Promise<Void> firstAnswer = Promise.promise();
      inFlight = logins(d, "steady@example.com", "10.20.7", 8, firstAnswer);
      firstAnswer.future().await(30, TimeUnit.SECONDS);
      nodeD.term();
      for (Future<HttpResponse<Buffer>> answer : inFlight) {
        HttpResponse<Buffer> response = answer.await(30, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), "D answers what it took before stopping: " + response.bodyAsString());
      }
      assertEquals(0, nodeD.awaitExit(), "D exits 0 after a clean stop");
      awaitMembers(b, 2);
      awaitAnswers(load, load.answered(b) + 100);
    } finally {
      failures = load.stop();
    }
    assertEquals(List.of(), failures, "D leaving did not disturb B or C");
  }

  @Test
  @Order(9)
  @DisplayName("bin/gatehouse stores announced itself in DATA_DIR/embedded.json and stops cleanly on SIGTERM")
  void storesStop() {
    assertTrue(Files.exists(cluster.storesDataDir().resolve(EmbeddedStores.MARKER)), "the scripts find the stores");
    assertEquals(0, cluster.stopStores());
    assertFalse(Files.exists(cluster.storesDataDir().resolve(EmbeddedStores.MARKER)), "embedded.json is removed");
  }

  /**
   * Wrong passwords from one address until the login limiter scores (BAN_INTERVAL=1): that request is
   * answered with the ban itself. Returns the moment the ban was made.
   */
  /** Wrong passwords from the owner's own browser (its device cookie) until the node's limiter bans it. */
  private static long banOn(Http node, Storms.Session owner, String ip) {
    for (int i = 0; i < ClusterProcesses.LOGIN_MAX; i++) {
      Http.Answer answer = wrongLogin(node, owner, ip);
      assertEquals(404, answer.status(), describe(answer));
    }
    assertBanned(wrongLogin(node, owner, ip), 60);
    return System.nanoTime();
  }

  /** A login on each node, each from its own address of {@code network}; the access tokens. */
  private List<String> tokensOnEveryNode(String email, String network) {
    List<String> tokens = new ArrayList<>();
    for (Http node : List.of(a, b, c)) {
      String token = session(node, email, network + "." + (tokens.size() + 1)).token();
      assertEquals(200, node.get("/api/user").bearer(token).send().status());
      tokens.add(token);
    }
    return tokens;
  }

  /** Every token is refused by every node, all within a second of {@code since}. */
  private void assertAllRejected(List<String> tokens, long since) {
    for (String token : tokens) {
      for (Http node : List.of(a, b, c)) {
        Http.Answer refused = awaitRefused(node, token, since);
        assertEquals(401, refused.status(), describe(refused));
      }
    }
  }

  /** The node's first answer to the token that is not 200, within what is left of the propagation bound. */
  private static Http.Answer awaitRefused(Http node, String token, long sinceNanos) {
    return Eventually.until(remaining(sinceNanos), "port " + node.port() + " refuses the token",
      () -> node.get("/api/user").bearer(token).send(), answer -> answer.status() != 200);
  }

  private static Duration remaining(long sinceNanos) {
    Duration left = PROPAGATION.minusNanos(System.nanoTime() - sinceNanos);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static void awaitMembers(Http node, int members) {
    Eventually.until(MEMBERSHIP, "port " + node.port() + " sees " + members + " members",
      () -> node.get("/readyz").send(), answer -> answer.status() == 200
        && answer.json().getJsonObject("cluster").getInteger("members") == members);
  }

  private void awaitAnswers(SteadyLoad load, long atLeast) {
    Eventually.until(MEMBERSHIP, "B and C answer " + atLeast + " requests each",
      () -> Math.min(load.answered(b), load.answered(c)), answered -> answered >= atLeast);
  }

  /**
   * How many messages the node received from other members (its event-bus metrics). Every request/reply
   * address is node-local, so those can only be announcements.
   */
  private double eventsHeardFromOtherNodes(ClusterProcesses.Node node) {
    String metrics = Http.on(vertx, node.metricsPort()).get("/metrics").send().text();
    return metrics.lines()
      .filter(line -> line.startsWith("vertx_eventbus_received_total{") && line.contains("side=\"remote\""))
      .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
      .sum();
  }

  /** Logins (each from its own address) that wait their turn for bcrypt; the promise completes with the first answer. */
  private static List<Future<HttpResponse<Buffer>>> logins(Http node, String email, String network, int count,
                                                          Promise<Void> firstAnswer) {
    JsonObject body = new JsonObject().put("email", email).put("password", Accounts.PASSWORD);
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      answers.add(node.post("/api/auth/login").header("X-Forwarded-For", network + "." + (i + 1)).jsonAsync(body)
        .andThen(done -> firstAnswer.tryComplete()));
    }
    return answers;
  }
}
