package io.gatehouse.bench;

import io.gatehouse.cluster.Announcements;
import io.gatehouse.moderation.BanStore;
import io.gatehouse.store.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How long a ban takes to bite on every node of a running cluster (TRUST_PROXY=1, BAN_VIOLATIONS=true,
 * BAN_INTERVAL=1, LOGIN_MAX as given). Each round bans a fresh user two ways and times, from the moment
 * the ban is asked for, until every node refuses the user's token (each node polled back to back):
 * <ol>
 *   <li>by a node: wrong logins on the first node, from the user's own browser (its device cookie, so the
 *       limiter's hits score the user), until its limiter bans (announced on the event bus);</li>
 *   <li>by a script: a ban record written and announced through Redis, as bin/ban-user does.</li>
 * </ol>
 * Usage: {@code BanPropagation <rounds> <login-max> <redis-uri> <port> <port>...}. Prints one line per way.
 */
public final class BanPropagation {
  private static final String PASSWORD = "propagation-password-1";

  private BanPropagation() {
  }

  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    int loginMax = Integer.parseInt(args[1]);
    List<Integer> ports = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      ports.add(Integer.parseInt(args[i]));
    }
    Vertx vertx = Vertx.vertx();
    // core's client: the benchmark runs on the server jar, which has no vertx-web-client
    HttpClient client = vertx.createHttpClient();
    Redis redis = RedisStore.client(vertx, args[2]);
    BanStore scriptBans = new BanStore(redis, new Announcements(vertx, redis));
    List<Double> byNode = new ArrayList<>();
    List<Double> byScript = new ArrayList<>();
    String run = Long.toHexString(System.currentTimeMillis());
    try {
      for (int round = 0; round < rounds; round++) {
        String network = "10.99." + round;
        User node = user(client, ports, "node-" + run + "-" + round + "@example.com", network + ".1");
        for (int i = 0; i < loginMax; i++) {
          login(client, ports.get(0), node.email(), "wrong-" + PASSWORD, network + ".200", node.device())
            .await(30, TimeUnit.SECONDS);
        }
        // the next one is the limiter hit that bans (no bcrypt on that path)
        long asked = System.nanoTime();
        login(client, ports.get(0), node.email(), "wrong-" + PASSWORD, network + ".200", node.device());
        byNode.add(untilRefusedEverywhere(client, ports, node, asked));

        User script = user(client, ports, "script-" + run + "-" + round + "@example.com", network + ".100");
        long written = System.nanoTime();
        scriptBans.ban("user:" + script.id(), new JsonObject().put("type", "manual").put("violation_count", 0)
          .put("duration", 60_000).put("expiresAt", System.currentTimeMillis() + 60_000));
        byScript.add(untilRefusedEverywhere(client, ports, script, written));
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    System.out.println(summary("ban by a node (login limiter; cluster event bus)", byNode, ports.size()));
    System.out.println(summary("ban by a script (Redis channel)", byScript, ports.size()));
  }

  private record User(String id, String email, List<String> tokens, String device) {
  }

  /** Registers on the first node and logs in on each (one address per node); the tokens, in node order. */
  private static User user(HttpClient client, List<Integer> ports, String email, String ip) throws Exception {
    send(client, HttpMethod.POST, ports.get(0), "/api/auth/register", ip, null,
      new JsonObject().put("name", "Propagation").put("email", email).put("password", PASSWORD)
        .put("confirm_password", PASSWORD)).await(30, TimeUnit.SECONDS);
    List<String> tokens = new ArrayList<>();
    String id = null;
    String device = null;
    for (int port : ports) {
      Answer login = login(client, port, email, PASSWORD, ip, null).await(30, TimeUnit.SECONDS);
      JsonObject answer = login.body().toJsonObject();
      tokens.add(answer.getString("token"));
      id = answer.getJsonObject("user").getString("_id");
      device = device != null ? device : login.cookies().stream().filter(c -> c.startsWith("gatehouse_device="))
        .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElse(null);
    }
    return new User(id, email, tokens, device);
  }

  private record Answer(int status, Buffer body, List<String> cookies) {
  }

  /** A login; {@code device} is a {@code name=value} cookie to send, or null. */
  private static Future<Answer> login(HttpClient client, int port, String email, String password, String ip,
                                      String device) {
    RequestOptions options = post(port, "/api/auth/login");
    if (device != null) {
      options.putHeader("Cookie", device);
    }
    return send(client, options, ip, null, new JsonObject().put("email", email).put("password", password));
  }

  private static RequestOptions post(int port, String path) {
    return new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port).setURI(path);
  }

  private static Future<Answer> send(HttpClient client, HttpMethod method, int port, String path, String ip,
                                     String token, JsonObject body) {
    return send(client, new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path), ip,
      token, body);
  }

  private static Future<Answer> send(HttpClient client, RequestOptions options, String ip, String token, JsonObject body) {
    if (ip != null) {
      options.putHeader("X-Forwarded-For", ip);
    }
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    return client.request(options)
      .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
      .compose(response -> response.body().map(content -> new Answer(response.statusCode(), content,
        response.cookies())));
  }

  /** Milliseconds from {@code askedNanos} until the last node refuses the user's token. */
  private static double untilRefusedEverywhere(HttpClient client, List<Integer> ports, User user, long askedNanos)
      throws Exception {
    List<Future<Long>> refused = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      Promise<Long> at = Promise.promise();
      poll(client, ports.get(i), user.tokens().get(i), at, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
      refused.add(at.future());
    }
    Future.all(refused).await(30, TimeUnit.SECONDS);
    long last = refused.stream().mapToLong(Future::result).max().orElseThrow();
    return (last - askedNanos) / 1e6;
  }

  private static void poll(HttpClient client, int port, String token, Promise<Long> at, long deadline) {
    send(client, HttpMethod.GET, port, "/api/user", null, token, null).onComplete(answer -> {
      if (answer.succeeded() && answer.result().status() != 200) {
        at.complete(System.nanoTime());
      } else if (System.nanoTime() > deadline) {
        at.fail("port " + port + " still accepts the banned user's token after 10 s");
      } else {
        poll(client, port, token, at, deadline);
      }
    });
  }

  private static String summary(String way, List<Double> millis, int nodes) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    return String.format("%s, %d nodes, %d rounds: median %.1f ms, max %.1f ms", way, nodes, sorted.size(),
      sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
  }
}
