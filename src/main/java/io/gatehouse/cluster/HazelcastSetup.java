package io.gatehouse.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.gatehouse.config.ClusterConfig;
import io.gatehouse.config.ConfigException;
import java.io.FileNotFoundException;
import java.nio.file.Files;

/**
 * A node's Hazelcast configuration: {@code conf/cluster.xml} (cluster name, timeouts, Vert.x's maps)
 * with what differs per node taken from the environment. Members are always listed (TCP-IP join);
 * multicast and auto-detection stay off whatever the file says, so a node never joins a cluster it
 * merely happens to hear.
 */
final class HazelcastSetup {
  private static final String LOGGING = "hazelcast.logging.type";

  private HazelcastSetup() {
  }

  static Config of(ClusterConfig cluster) {
    Config config = load(cluster);
    NetworkConfig network = config.getNetworkConfig();
    // an exact port, so CLUSTER_MEMBERS names members exactly
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true)
      .setMembers(cluster.members().stream().map(ClusterConfig.Member::toString).toList());
    if (!cluster.anyHost()) {
      // listen on CLUSTER_HOST only, and tell the other members that address
      config.setProperty("hazelcast.local.localAddress", cluster.host());
      config.setProperty("hazelcast.socket.bind.any", "false");
    }
    return config;
  }

  private static Config load(ClusterConfig cluster) {
    // Hazelcast logs through SLF4J (logback) from its very first line, which is about reading this file
    System.setProperty(LOGGING, System.getProperty(LOGGING, "slf4j"));
    if (!Files.isRegularFile(cluster.configFile())) {
      throw new ConfigException("CLUSTER_CONFIG: no Hazelcast configuration at " + cluster.configFile().toAbsolutePath()
        + " (the repository's conf/cluster.xml is the one to start from)");
    }
    try {
      return new FileSystemXmlConfig(cluster.configFile().toFile());
    } catch (FileNotFoundException | InvalidConfigurationException e) {
      throw new ConfigException("CLUSTER_CONFIG: cannot read " + cluster.configFile() + ": " + e.getMessage());
    }
  }
}
