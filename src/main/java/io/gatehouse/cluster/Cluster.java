package io.gatehouse.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastException;
import io.gatehouse.config.ClusterConfig;
import io.gatehouse.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x instance of a node and its place in the cluster: alone, or a member of a Hazelcast
 * cluster. Membership serves {@code /readyz}; a member joining (a new node, or a partition healing)
 * is when announcements may have been missed, so listeners can catch up then.
 */
public final class Cluster {
  private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

  private final Vertx vertx;
  private final HazelcastClusterManager manager;
  private final List<Runnable> joined = new CopyOnWriteArrayList<>();

  private Cluster(Vertx vertx, HazelcastClusterManager manager) {
    this.vertx = vertx;
    this.manager = manager;
  }

  /** A node on its own (the default). */
  public static Cluster alone(Vertx vertx) {
    return new Cluster(vertx, null);
  }

  /**
   * Starts a clustered Vert.x: Hazelcast from {@code CLUSTER_CONFIG} and the node's variables, the event
   * bus on {@code EVENTBUS_HOST:EVENTBUS_PORT}. Blocks while reading the file: call it before any event loop
   * work. Throws a {@link ConfigException} for a bad file; the future fails with one naming
   * {@code CLUSTER_PORT} or {@code EVENTBUS_PORT} when that port is taken.
   */
  public static Future<Cluster> join(VertxOptions options, ClusterConfig config) {
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastSetup.of(config));
    EventBusOptions eventBus = options.getEventBusOptions().setPort(config.eventBusPort());
    if (config.eventBusHost() != null) {
      eventBus.setHost(config.eventBusHost());
    }
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
      .recover(error -> Future.failedFuture(whenListening(error, config)))
      .map(vertx -> new Cluster(vertx, manager).listen());
  }

  /**
   * A taken port as the variable that chose it. Hazelcast binds first (its failures are its own
   * exception type), then the event bus; a free port picked by the system (EVENTBUS_PORT 0) is never taken.
   */
  private static Throwable whenListening(Throwable error, ClusterConfig config) {
    for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof HazelcastException) {
        return ConfigException.whenListening(error, "CLUSTER_PORT", config.host(), config.port());
      }
    }
    if (config.eventBusPort() == 0) {
      return error;
    }
    String host = config.eventBusHost() != null ? config.eventBusHost() : config.host();
    return ConfigException.whenListening(error, "EVENTBUS_PORT", host, config.eventBusPort());
  }

  public Vertx vertx() {
    return vertx;
  }

  /** False once a clustered node has lost its Hazelcast member: it no longer hears announcements. */
  public boolean healthy() {
    return manager == null || manager.isActive();
  }

  /** What {@code /readyz} shows: null alone, else how many members this node sees. */
  public JsonObject status() {
    if (manager == null) {
      return null;
    }
    boolean active = manager.isActive();
    return new JsonObject().put("state", active ? "joined" : "left").put("members", active ? manager.getNodes().size() : 0);
  }

  /** Runs {@code action} on a Vert.x context each time another member joins. */
  public void onMemberJoined(Runnable action) {
    joined.add(action);
  }

  /** Logs every change of membership and tells the listeners of joins. */
  private Cluster listen() {
    manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        LOG.info("Cluster: a node joined ({} members)", event.getMembers().size());
        joined.forEach(action -> vertx.runOnContext(v -> action.run()));
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        // a member leaving takes nothing away: its announcements were made or never will be
        LOG.info("Cluster: a node left ({} members)", event.getMembers().size());
      }
    });
    LOG.info("Joined the cluster ({} members)", manager.getNodes().size());
    return this;
  }
}
