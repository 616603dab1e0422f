package io.gatehouse.accounts;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Recently used users, shared by every verticle of the JVM so the hot paths ({@code GET /api/user},
 * refresh) need no store read: the document without secrets, and the {@code GET /api/user} answer
 * encoded once. An entry is dropped when a user-changed or revocation announcement arrives (see
 * {@code cluster.Announcements} and {@code RevocationStore.follow}), and lives at most
 * {@code maxAgeMs} as a safety net for writes made outside Gatehouse.
 */
public final class UserCache {
  private record Entry(JsonObject document, Buffer profile, long loadedAt) {
  }

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  /** Bumped on every invalidation; a load that started before one must not be cached. */
  private final AtomicLong generation = new AtomicLong();
  private final int maxEntries;
  private final long maxAgeMs;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /** Room for an entry: the document and its encoded answer with map overhead (a generous estimate). */
  static final long ENTRY_BYTES = 2048;
  static final int MIN_ENTRIES = 1_000;
  static final int MAX_ENTRIES = 100_000;

  public UserCache(int maxEntries, long maxAgeMs) {
    this.maxEntries = maxEntries;
    this.maxAgeMs = maxAgeMs;
  }

  /**
   * How many users fit in a quarter of a heap of {@code maxHeapBytes}: the default heap is small
   * (bin/lib/jvm.sh) and a fixed entry count would outgrow it; a larger heap caches more users.
   */
  public static int entriesFor(long maxHeapBytes) {
    long fit = maxHeapBytes / 4 / ENTRY_BYTES;
    return (int) Math.max(MIN_ENTRIES, Math.min(MAX_ENTRIES, fit));
  }


  /** The user document without secrets ({@link UserViews#document}), or null. Callers must not modify it. */
  public JsonObject document(String userId, long nowMs) {
    Entry entry = fresh(userId, nowMs);
    return entry == null ? null : entry.document;
  }

  /** The encoded {@code GET /api/user} answer, or null. */
  public Buffer profile(String userId, long nowMs) {
    Entry entry = fresh(userId, nowMs);
    return entry == null ? null : entry.profile;
  }

  /** The generation to hand back to {@link #put} after loading. */
  long generation() {
    return generation.get();
  }

  /**
   * The user's document without secrets: the cached one, else {@code loader}'s (null: no such user, not
   * cached), cached unless an invalidation arrived while it loaded. The one way entries are filled.
   */
  public Future<JsonObject> load(String userId, long nowMs, Function<String, Future<JsonObject>> loader) {
    Entry entry = fresh(userId, nowMs);
    if (entry != null) {
      return Future.succeededFuture(entry.document);
    }
    long loadedGeneration = generation.get();
    return loader.apply(userId).map(document -> {
      if (document != null) {
        put(userId, document, loadedGeneration, System.currentTimeMillis());
      }
      return document;
    });
  }

  /** Caches a document (already without secrets) loaded while {@code loadedGeneration} was current. */
  void put(String userId, JsonObject document, long loadedGeneration, long nowMs) {
    if (entries.size() >= maxEntries) {
      evictSome();
    }
    entries.put(userId, new Entry(document, UserViews.profile(document).toBuffer(), nowMs));
    if (generation.get() != loadedGeneration) {
      entries.remove(userId);
    }
  }

  public void invalidate(String userId) {
    generation.incrementAndGet();
    if (userId != null) {
      entries.remove(userId);
    }
  }

  private Entry fresh(String userId, long nowMs) {
    Entry entry = entries.get(userId);
    if (entry != null && nowMs - entry.loadedAt > maxAgeMs) {
      entries.remove(userId, entry);
      entry = null;
    }
    (entry == null ? misses : hits).increment();
    return entry;
  }

  /** Lookups answered from memory, for the metrics. */
  public long hits() {
    return hits.sum();
  }

  /** Lookups that found no fresh entry (the caller then reads the store). */
  public long misses() {
    return misses.sum();
  }

  private void evictSome() {
    Iterator<String> keys = entries.keySet().iterator();
    for (int i = 0; i < maxEntries / 10 + 1 && keys.hasNext(); i++) {
      keys.next();
      keys.remove();
    }
  }
}
