package io.gatehouse.moderation;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The near cache of active bans every node checks in memory on each request: subject
 * ({@code user:<id>} or {@code ip:<address>}) → end of the ban. Filled from Redis at start and by ban
 * events; an entry past its end is treated as gone, so bans lift by themselves everywhere.
 */
public final class BanCache {
  private final ConcurrentHashMap<String, Long> bannedUntil = new ConcurrentHashMap<>();

  public static String user(String userId) {
    return "user:" + userId;
  }

  public static String ip(String address) {
    return "ip:" + address;
  }

  public void put(String subject, long untilMs) {
    bannedUntil.put(subject, untilMs);
  }

  public void remove(String subject) {
    bannedUntil.remove(subject);
  }

  /** When the ban on this subject ends, or 0 when it is not banned. */
  public long until(String subject, long nowMs) {
    if (subject == null || bannedUntil.isEmpty()) {
      return 0;
    }
    Long until = bannedUntil.get(subject);
    if (until == null) {
      return 0;
    }
    if (until <= nowMs) {
      bannedUntil.remove(subject, until);
      return 0;
    }
    return until;
  }

  /** The later end of the user's and the address's bans, or 0 when neither is banned. */
  public long until(String userId, String address, long nowMs) {
    return Math.max(userId == null ? 0 : until(user(userId), nowMs), address == null ? 0 : until(ip(address), nowMs));
  }

  /** Lets the login and registration checks skip the email lookup while no user is banned. */
  public boolean anyUserBanned() {
    return bannedUntil.keySet().stream().anyMatch(key -> key.startsWith("user:"));
  }
}
