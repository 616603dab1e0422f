package io.gatehouse.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady mixed load on a running node for a bounded time: each of {@code users} virtual users reads
 * {@code GET /api/user}, refreshes (rotating its own refresh token) and now and then logs in again.
 * Every 10 s it prints a Markdown row: time, requests/s, errors, the p99 and slowest of the slice's reads
 * and refreshes (the store paths), its slowest login (bcrypt-bound: it queues behind the hashing pool
 * when the load saturates the cores), the server's resident memory.
 * Usage: {@code Soak <baseUrl> <serverPid> <seconds> <users> <email> <password>}. Stops by itself.
 */
public final class Soak {
  private static final int READS_PER_REFRESH = 20;
  private static final int REFRESHES_PER_LOGIN = 25;

  private final WebClient client;
  private final String base;
  private final String email;
  private final String password;
  private final long deadline;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  /** The latencies (ns) of the current 10 s slice's reads and refreshes, and of its logins; swapped at each row. */
  private List<Long> latencies = new ArrayList<>();
  private List<Long> logins = new ArrayList<>();

  private Soak(WebClient client, String base, String email, String password, long deadline) {
    this.client = client;
    this.base = base;
    this.email = email;
    this.password = password;
    this.deadline = deadline;
  }

  public static void main(String[] args) throws Exception {
    String base = args[0];
    long pid = Long.parseLong(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int users = Integer.parseInt(args[3]);
    Vertx vertx = Vertx.vertx();
    WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(users));
    long start = System.nanoTime();
    Soak soak = new Soak(client, base, args[4], args[5], start + TimeUnit.SECONDS.toNanos(seconds));
    for (int i = 0; i < users; i++) {
      vertx.runOnContext(v -> soak.login(0));
    }
    System.out.println("| time | requests/s | errors | reads and refreshes p99 | their max | logins max | server RSS |");
    System.out.println("|---|---|---|---|---|---|---|");
    long lastRequests = 0;
    for (int slice = 1; slice * 10 <= seconds; slice++) {
      long wakeAt = start + TimeUnit.SECONDS.toNanos(slice * 10L);
      Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(wakeAt - System.nanoTime())));
      long total = soak.requests.get();
      List<List<Long>> slice10s = soak.takeLatencies();
      System.out.printf("| %d s | %.0f | %d | %.1f ms | %.1f ms | %.1f ms | %s MB |%n", slice * 10,
        (total - lastRequests) / 10.0, soak.errors.get(), percentile(slice10s.get(0), 0.99),
        percentile(slice10s.get(0), 1.0), percentile(slice10s.get(1), 1.0), rssMb(pid));
      lastRequests = total;
    }
    System.out.println();
    System.out.printf("Total: %d requests, %d errors.%n", soak.requests.get(), soak.errors.get());
    vertx.close().await(10, TimeUnit.SECONDS);
    System.exit(soak.errors.get() == 0 ? 0 : 1);
  }

  private boolean running() {
    return System.nanoTime() < deadline;
  }

  private void login(int round) {
    if (!running()) {
      return;
    }
    JsonObject body = new JsonObject().put("email", email).put("password", password);
    count(true, client.postAbs(base + "/api/auth/login").sendJsonObject(body)).onComplete(done -> {
      HttpResponse<Buffer> response = done.succeeded() ? done.result() : null;
      if (response == null || response.statusCode() != 200) {
        login(round);
        return;
      }
      String refresh = cookie(response);
      String token = response.bodyAsJsonObject().getString("token");
      read(token, refresh, 0, 0);
    });
  }

  private void read(String token, String refresh, int reads, int refreshes) {
    if (!running()) {
      return;
    }
    if (reads == READS_PER_REFRESH) {
      refresh(refresh, refreshes);
      return;
    }
    count(client.getAbs(base + "/api/user").bearerTokenAuthentication(token).send())
      .onComplete(done -> read(token, refresh, reads + 1, refreshes));
  }

  private void refresh(String refresh, int refreshes) {
    if (refreshes == REFRESHES_PER_LOGIN) {
      login(0);
      return;
    }
    count(client.postAbs(base + "/api/auth/refresh").putHeader("Cookie", "refreshToken=" + refresh).send())
      .onComplete(done -> {
        HttpResponse<Buffer> response = done.succeeded() ? done.result() : null;
        if (response == null || response.statusCode() != 200) {
          login(0);
          return;
        }
        read(response.bodyAsJsonObject().getString("token"), cookie(response), 0, refreshes + 1);
      });
  }

  private synchronized List<List<Long>> takeLatencies() {
    List<List<Long>> taken = List.of(latencies, logins);
    latencies = new ArrayList<>();
    logins = new ArrayList<>();
    return taken;
  }

  private synchronized void record(boolean login, long nanos) {
    (login ? logins : latencies).add(nanos);
  }

  /** The {@code fraction} quantile in ms (1.0: the slowest); 0 for an empty slice. */
  private static double percentile(List<Long> nanos, double fraction) {
    if (nanos.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(nanos);
    sorted.sort(null);
    int index = (int) Math.ceil(fraction * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }

  /** Counts the request, and as an error anything but a 2xx answer; records how long it took. */
  private Future<HttpResponse<Buffer>> count(Future<HttpResponse<Buffer>> request) {
    return count(false, request);
  }

  private Future<HttpResponse<Buffer>> count(boolean login, Future<HttpResponse<Buffer>> request) {
    long sent = System.nanoTime();
    return request.andThen(done -> {
      record(login, System.nanoTime() - sent);
      requests.incrementAndGet();
      if (done.failed() || done.result().statusCode() / 100 != 2) {
        errors.incrementAndGet();
      }
    });
  }

  private static String cookie(HttpResponse<Buffer> response) {
    for (String line : response.headers().getAll("Set-Cookie")) {
      if (line.startsWith("refreshToken=")) {
        return line.substring("refreshToken=".length(), line.indexOf(';'));
      }
    }
    return "";
  }

  private static String rssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return String.valueOf(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
        }
      }
    } catch (Exception e) {
      return "?";
    }
    return "?";
  }
}
