package io.gatehouse.cluster;

import io.gatehouse.testing.Eventually;
import io.gatehouse.testing.Scripts;
import io.gatehouse.testing.TestGatehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The processes of a cluster suite: one {@code bin/gatehouse stores} and clustered nodes, each
 * {@code bin/gatehouse --cluster} in a JVM of its own on loopback, with its own log. Whatever happens to
 * the suite, {@link #close()} (and, should the test JVM itself be stopped, a shutdown hook) ends every
 * process started here, and only those.
 */
final class ClusterProcesses implements AutoCloseable {
  /** Wrong logins an address may make per minute before the limiter answers 429 (and, here, bans). */
  static final int LOGIN_MAX = 5;
  private static final Duration START = Duration.ofSeconds(120);
  private static final List<String> NODE_NAMES = List.of("a", "b", "c", "d");

  private final Path dir;
  private final Map<String, Integer> clusterPorts = new LinkedHashMap<>();
  private final List<Process> started = new ArrayList<>();
  private final Thread hook = new Thread(this::killAll, "cluster-suite-cleanup");
  private final Map<String, String> shared = new HashMap<>();
  private final Map<String, String> nodeVariables = new HashMap<>();
  private Process stores;

  ClusterProcesses() {
    try {
      dir = Files.createTempDirectory("gatehouse-cluster-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    NODE_NAMES.forEach(name -> clusterPorts.put(name, TestGatehouse.freePort()));
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** One running node: its ports, its process, its console log and its data folder (where security.log is). */
  record Node(String name, int port, int metricsPort, Process process, Path log, Path dataDir) {
    void kill9() {
      process.destroyForcibly();
      awaitExit();
    }

    /** SIGTERM: bin/gatehouse execs the JVM, so the process is the node itself. */
    void term() {
      process.destroy();
    }

    int awaitExit() {
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          throw new AssertionError("node " + name + " did not exit within 60 s");
        }
        return process.exitValue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Starts {@code bin/gatehouse stores} and reads the URIs it prints; the nodes and scripts get them. */
  void startStores() {
    Path log = dir.resolve("stores.log");
    stores = Scripts.script("gatehouse").args("stores").dataDir(storesDataDir()).start(log);
    started.add(stores);
    Map<String, String> uris = Eventually.until(START, "bin/gatehouse stores prints its URIs", () -> {
      assertAlive(stores, log);
      return read(log).lines().filter(line -> line.startsWith("MONGO_URI=") || line.startsWith("REDIS_URI="))
        .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1)));
    }, found -> found.size() == 2);
    shared.putAll(uris);
    shared.put("JWT_SECRET", "cluster-suite-access-" + Long.toHexString(System.nanoTime()));
    shared.put("JWT_REFRESH_SECRET", "cluster-suite-refresh-" + Long.toHexString(System.nanoTime()));
  }

  /** Where {@code bin/gatehouse stores} keeps its data (and embedded.json while it runs). */
  Path storesDataDir() {
    return dir.resolve("stores");
  }

  /** SIGTERM to the stores; their exit code. */
  int stopStores() {
    stores.destroy();
    try {
      if (!stores.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("bin/gatehouse stores did not stop within 30 s of SIGTERM");
      }
      return stores.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Variables every node started from now on gets as well (a social provider's, say); the scripts do not. */
  void configureNodes(Map<String, String> variables) {
    nodeVariables.putAll(variables);
  }

  /** Starts the named nodes at once and returns them once each answers /livez. */
  List<Node> startNodes(List<String> names) {
    List<Node> nodes = new ArrayList<>();
    for (String name : names) {
      int port = TestGatehouse.freePort();
      int metricsPort = TestGatehouse.freePort();
      Path log = dir.resolve("node-" + name + ".log");
      Path dataDir = dir.resolve("node-" + name);
      Process process = Scripts.script("gatehouse").args("--cluster").env(shared).env(moderation()).env(nodeVariables)
        .dataDir(dataDir)
        .env("HOST", "127.0.0.1")
        .env("PORT", String.valueOf(port))
        .env("METRICS_PORT", String.valueOf(metricsPort))
        .env("CLUSTER_PORT", String.valueOf(clusterPorts.get(name)))
        .env("CLUSTER_MEMBERS", clusterPorts.values().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")))
        .start(log);
      started.add(process);
      nodes.add(new Node(name, port, metricsPort, process, log, dataDir));
    }
    for (Node node : nodes) {
      Eventually.until(START, "node " + node.name() + " answers /livez", () -> {
        assertAlive(node.process(), node.log());
        return listens(node.port());
      }, up -> up);
    }
    return nodes;
  }

  /** The same moderation on every node: quick bans, so a few wrong logins ban; registrations unlimited. */
  private static Map<String, String> moderation() {
    return Map.of("ALLOW_REGISTRATION", "true", "TRUST_PROXY", "1", "BAN_VIOLATIONS", "true",
      "LOGIN_MAX", String.valueOf(LOGIN_MAX), "LOGIN_WINDOW", "1", "BAN_INTERVAL", "1", "BAN_DURATION", "60000",
      "REGISTER_MAX", "100000");
  }

  /** An operator script on the cluster's stores, as it would run beside any node. */
  Scripts.Run scriptRun(String name, String... args) {
    return Scripts.script(name).args(args).env(shared).dataDir(dir.resolve("scripts"));
  }

  Scripts.Result script(String name, String... args) {
    return scriptRun(name, args).run();
  }

  private static boolean listens(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static void assertAlive(Process process, Path log) {
    if (!process.isAlive()) {
      throw new AssertionError("exited with " + process.exitValue() + ":\n" + read(log));
    }
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Nodes at once; the stores get a SIGTERM first, so their Redis child ends with them. */
  private void killAll() {
    for (Process process : started) {
      if (process != stores) {
        Scripts.kill(process);
      }
    }
    if (stores != null && stores.isAlive()) {
      stores.destroy();
      try {
        stores.waitFor(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Scripts.kill(stores);
    }
  }

  /** Ends everything, keeps the logs in target/cluster-it-logs (for a failure's post-mortem), removes the rest. */
  @Override
  public void close() {
    killAll();
    Path kept = Scripts.root().resolve("target/cluster-it-logs");
    try (var files = Files.walk(dir)) {
      Files.createDirectories(kept);
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (file.getParent().equals(dir) && file.toString().endsWith(".log")) {
          Files.copy(file, kept.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up " + dir, e);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }
}
