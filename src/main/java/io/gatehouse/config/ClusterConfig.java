package io.gatehouse.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clustered mode ({@code CLUSTER=true} or {@code bin/gatehouse --cluster}): nodes form one Vert.x
 * cluster over Hazelcast, joining the members listed in {@code CLUSTER_MEMBERS} (never multicast), and
 * share one MongoDB and one Redis. LibreChat has no such variables; the names are Gatehouse's own.
 */
public record ClusterConfig(
  boolean enabled,
  List<Member> members,
  String host,
  int port,
  String eventBusHost,
  int eventBusPort,
  Path configFile) {

  /** A CLUSTER_HOST or EVENTBUS_HOST of this value listens on every interface. */
  public static final String ANY_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 5701;
  /** A host name, an IPv4 address or a Hazelcast range such as 10.0.0.1-9, with an optional :port. */
  private static final Pattern MEMBER = Pattern.compile("([A-Za-z0-9._-]+)(?::(\\d{1,5}))?");

  /** One entry of CLUSTER_MEMBERS; a host name may stand for several addresses (a scaled compose service). */
  public record Member(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  static ClusterConfig from(Settings s) {
    boolean enabled = s.enabled("CLUSTER", false);
    int port = s.integer("CLUSTER_PORT", DEFAULT_PORT, 1, 65535);
    String host = s.string("CLUSTER_HOST", "127.0.0.1");
    String eventBusHost = s.string("EVENTBUS_HOST", host);
    if (enabled && (s.string("MONGO_URI") == null || s.string("REDIS_URI") == null)) {
      throw new ConfigException("Clustered mode needs MONGO_URI and REDIS_URI: every node must share one MongoDB "
        + "and one Redis (for development, `bin/gatehouse stores` runs both and prints their URIs)");
    }
    return new ClusterConfig(
      enabled,
      members(s.string("CLUSTER_MEMBERS"), port),
      host,
      port,
      ANY_HOST.equals(eventBusHost) ? null : eventBusHost,
      s.integer("EVENTBUS_PORT", 0, 0, 65535),
      Path.of(s.string("CLUSTER_CONFIG", "conf/cluster.xml")));
  }

  /** True when Hazelcast should listen on every interface and advertise the address it picks. */
  public boolean anyHost() {
    return ANY_HOST.equals(host);
  }

  private static List<Member> members(String list, int defaultPort) {
    List<Member> members = new ArrayList<>();
    if (list == null) {
      return members;
    }
    for (String entry : list.split(",")) {
      String member = entry.strip();
      if (member.isEmpty()) {
        continue;
      }
      Matcher matcher = MEMBER.matcher(member);
      int port = matcher.matches() && matcher.group(2) != null ? Integer.parseInt(matcher.group(2)) : defaultPort;
      if (!matcher.matches() || port < 1 || port > 65535) {
        throw new ConfigException("CLUSTER_MEMBERS must be a comma-separated list of host or host:port "
          + "(port 1-65535), got '" + member + "'");
      }
      members.add(new Member(matcher.group(1), port));
    }
    return List.copyOf(members);
  }
}
