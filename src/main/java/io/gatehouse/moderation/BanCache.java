package io.gatehouse.moderation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The near cache of active bans every node checks in memory on each request: subject
 * ({@code user:<id>} or {@code ip:<address>}) → end of the ban. Filled from Redis at start and by ban
 * events; an entry past its end is treated as gone, so bans lift by themselves everywhere.
 * <p>
 * Every state comes with the Redis-issued version it was read at ({@link BanStore}), and a state older
 * than the one applied last for its subject is ignored: announcements and reloads may arrive in any
 * order, but the cache never goes back in time. Reads are lock-free; the rare writes take a lock.
 */
public final class BanCache {
  private static final String USER = "user:";
  private static final String IP = "ip:";
  /** How long the version of a lifted ban is remembered: far longer than any Redis read is in flight. */
  private static final long FORGET_AFTER_MS = 60_000;

  private record Applied(long version, long atMs) {
  }

  private final ConcurrentHashMap<String, Long> users = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> addresses = new ConcurrentHashMap<>();
  private final Map<String, Applied> versions = new ConcurrentHashMap<>();

  public static String user(String userId) {
    return USER + userId;
  }

  public static String ip(String address) {
    return IP + address;
  }

  /** Bans the subject until {@code untilMs}, unless a newer state of it was applied already. */
  public synchronized void put(String subject, long untilMs, long version) {
    if (newer(subject, version)) {
      bans(subject).ifPresent(bans -> bans.put(key(subject), untilMs));
    }
  }

  /** Lifts the subject's ban, as Redis stood at {@code version}, unless a newer state was applied already. */
  public synchronized void remove(String subject, long version) {
    if (newer(subject, version)) {
      bans(subject).ifPresent(bans -> bans.remove(key(subject)));
    }
  }

  /**
   * A full snapshot of Redis, taken after its version counter read {@code version}: each ban applies if
   * newer; a subject missing from it was lifted (or expired) at or before that version.
   */
  public synchronized void replaceAll(Map<String, Versioned> snapshot, long version) {
    snapshot.forEach((subject, ban) -> put(subject, ban.untilMs(), ban.version()));
    for (String subject : users.keySet().stream().map(BanCache::user).toList()) {
      if (!snapshot.containsKey(subject)) {
        remove(subject, version);
      }
    }
    for (String subject : addresses.keySet().stream().map(BanCache::ip).toList()) {
      if (!snapshot.containsKey(subject)) {
        remove(subject, version);
      }
    }
  }

  /** A ban as Redis holds it: its end and the version it was written at. */
  public record Versioned(long untilMs, long version) {
  }

  /** Forgets the versions of subjects no longer banned, once no read that predates them can still arrive. */
  public synchronized void prune(long nowMs) {
    versions.entrySet().removeIf(entry -> nowMs - entry.getValue().atMs() > FORGET_AFTER_MS
      && until(entry.getKey(), nowMs) == 0);
  }

  private boolean newer(String subject, long version) {
    Applied last = versions.get(subject);
    if (last != null && last.version() > version) {
      return false;
    }
    versions.put(subject, new Applied(version, System.currentTimeMillis()));
    return true;
  }

  private long until(String subject, long nowMs) {
    return bans(subject).map(bans -> until(bans, key(subject), nowMs)).orElse(0L);
  }

  private java.util.Optional<ConcurrentHashMap<String, Long>> bans(String subject) {
    if (subject.startsWith(USER)) {
      return java.util.Optional.of(users);
    }
    return subject.startsWith(IP) ? java.util.Optional.of(addresses) : java.util.Optional.empty();
  }

  private static String key(String subject) {
    return subject.substring(subject.indexOf(':') + 1);
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
