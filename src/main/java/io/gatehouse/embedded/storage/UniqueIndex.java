package io.gatehouse.embedded.storage;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;

/** A unique index (and the {@code _id} index): key tuple to position, in a map of its own. */
final class UniqueIndex extends AbstractUniqueIndex<Object> {
  private final MVMap<Object, Object> entries;
  private final boolean built;

  /** {@code built}: the map holds every document's keys (a build that never finished is redone). */
  UniqueIndex(String name, List<IndexKey> keys, boolean sparse, MVMap<Object, Object> entries, boolean built) {
    super(name, keys, sparse);
    this.entries = entries;
    this.built = built;
  }

  @Override
  public synchronized boolean canHandle(Document query) {
    Document narrowed = IndexedQuery.narrowed(query, getKeys());
    return narrowed != null && super.canHandle(narrowed);
  }

  @Override
  public synchronized Iterable<Object> getPositions(Document query) {
    return super.getPositions(IndexedQuery.narrowed(query, getKeys()));
  }

  @Override
  protected Object removeDocument(KeyValue key) {
    return entries.remove(key);
  }

  @Override
  protected boolean putKeyPosition(KeyValue key, Object position) {
    return entries.putIfAbsent(key, Missing.ofNullable(position)) == null;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
    return (Iterable) entries.entrySet();
  }

  @Override
  protected Object getPosition(KeyValue key) {
    return entries.get(key);
  }

  @Override
  public long getCount() {
    return entries.sizeAsLong();
  }

  /** Asked once, when the index is opened: true (after clearing) when it has to be built from the documents. */
  @Override
  public boolean isEmpty() {
    if (built) {
      return false;
    }
    entries.clear();
    return true;
  }

  @Override
  public long getDataSize() {
    return getCount();
  }
}
