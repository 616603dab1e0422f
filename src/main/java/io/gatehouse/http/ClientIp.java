package io.gatehouse.http;

import io.vertx.core.http.HttpServerRequest;

/**
 * The client address as Express computes {@code req.ip} with {@code trust proxy = N}: walking back
 * through X-Forwarded-For from the socket, trusting N hops. Unlike LibreChat, 0 means "trust no
 * proxy" (the socket address), never 1.
 */
public final class ClientIp {
  private ClientIp() {
  }

  public static String of(HttpServerRequest request, int trustedHops) {
    String socket = normalize(request.remoteAddress() == null ? "unknown" : request.remoteAddress().host());
    if (trustedHops == 0) {
      return socket;
    }
    // every header line counts, as in Node: a proxy may add its hop as a line of its own
    String header = String.join(",", request.headers().getAll("X-Forwarded-For"));
    if (header.isBlank()) {
      return socket;
    }
    // -1 keeps empty hops: "," is two of them, not none (which once indexed an empty array: a 500)
    String[] hops = header.split(",", -1);
    // addresses from nearest to farthest: the socket, then X-Forwarded-For right to left
    int index = hops.length - trustedHops;
    String chosen = normalize(hops[Math.max(index, 0)]);
    return isAddress(chosen) ? chosen : socket;
  }

  /**
   * What an IPv4 or IPv6 literal can look like (at most 45 characters of hex digits, dots and colons):
   * anything else in the chosen hop is not an address, and must not become a limiter key or a log field.
   */
  static boolean isAddress(String candidate) {
    if (candidate.isEmpty() || candidate.length() > 45) {
      return false;
    }
    boolean separator = false;
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c == '.' || c == ':') {
        separator = true;
      } else if (Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return separator;
  }

  /** Drops an IPv4 port, IPv6 brackets and the IPv4-mapped prefix, so one client has one key. */
  static String normalize(String address) {
    String ip = address.strip();
    if (ip.startsWith("[")) {
      int end = ip.indexOf(']');
      ip = end > 0 ? ip.substring(1, end) : ip.substring(1);
    } else if (ip.indexOf(':') > 0 && ip.indexOf(':') == ip.lastIndexOf(':') && ip.contains(".")) {
      ip = ip.substring(0, ip.indexOf(':'));
    }
    if (ip.regionMatches(true, 0, "::ffff:", 0, 7) && ip.substring(7).contains(".")) {
      ip = ip.substring(7);
    }
    return ip;
  }
}
