package io.gatehouse.moderation;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The near cache of active bans every node checks in memory on each request: subject
 * ({@code user:<id>} or {@code ip:<address>}) → end of the ban. Filled from Redis at start and by ban
 * events; an entry past its end is treated as gone, so bans lift by themselves everywhere.
 */
public final class BanCache {
  private static final String USER = "user:";
  private static final String IP = "ip:";

  private final ConcurrentHashMap<String, Long> users = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> addresses = new ConcurrentHashMap<>();

  public static String user(String userId) {
    return USER + userId;
  }

  public static String ip(String address) {
    return IP + address;
  }

  public void put(String subject, long untilMs) {
    if (subject.startsWith(USER)) {
      users.put(subject.substring(USER.length()), untilMs);
    } else if (subject.startsWith(IP)) {
      addresses.put(subject.substring(IP.length()), untilMs);
    }
  }

  public void remove(String subject) {
    if (subject.startsWith(USER)) {
      users.remove(subject.substring(USER.length()));
    } else if (subject.startsWith(IP)) {
      addresses.remove(subject.substring(IP.length()));
    }
  }

  /** Replaces every entry with Redis's view (after a reconnect: an unban missed meanwhile is applied too). */
  public void replaceAll(java.util.Map<String, Long> subjects) {
    users.clear();
    addresses.clear();
    subjects.forEach(this::put);
  }

  /** The later end of the user's and the address's bans, or 0 when neither is banned. */
  public long until(String userId, String address, long nowMs) {
    return Math.max(until(users, userId, nowMs), until(addresses, address, nowMs));
  }

  /** How many user (or address) bans are in force now: the active-bans gauge. */
  public long active(boolean ofUsers, long nowMs) {
    return (ofUsers ? users : addresses).values().stream().filter(until -> until > nowMs).count();
  }

  /** Lets the bearer check skip resolving the client address while no address is banned. */
  public boolean anyAddressBanned() {
    return !addresses.isEmpty();
  }

  /** Lets the login and registration checks skip the email lookup while no user is banned. */
  public boolean anyUserBanned() {
    return !users.isEmpty();
  }

  private static long until(ConcurrentHashMap<String, Long> bans, String key, long nowMs) {
    if (key == null || bans.isEmpty()) {
      return 0;
    }
    Long until = bans.get(key);
    if (until == null) {
      return 0;
    }
    if (until <= nowMs) {
      bans.remove(key, until);
      return 0;
    }
    return until;
  }
}
