package io.gatehouse.embedded.storage;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Predicate;
import org.h2.mvstore.MVMap;

/**
 * A non-unique index, which the library does not keep (it accepts the index and reads the whole
 * collection for every query). Each entry is the tuple (key values..., position) in one ordered map;
 * the entries of one key are the tuples it prefixes. It serves equality on all its keys and, on a
 * single key, a range ({@code $lt}, {@code $lte}, {@code $gt}, {@code $gte}) such as the expiry sweep's.
 * It answers candidates; the collection applies the whole query to them.
 */
final class SecondaryIndex extends Index<Object> {
  private static final Set<String> RANGE = Set.of("$lt", "$lte", "$gt", "$gte");
  /** Where a collection keeps a document's position (the library's collections with an id field). */
  private static final String POSITION = "_id";
  private static final Boolean PRESENT = Boolean.TRUE;

  private final MVMap<Object, Object> entries;
  private final boolean built;

  /** {@code built}: the map holds every document's keys (a build that never finished is redone). */
  SecondaryIndex(String name, List<IndexKey> keys, boolean sparse, MVMap<Object, Object> entries, boolean built) {
    super(name, keys, sparse);
    this.entries = entries;
    this.built = built;
  }

  @Override
  public Object getPosition(Document document) {
    return null; // not unique: the _id index tells a document's position
  }

  @Override
  public void checkAdd(Document document, MongoCollection<Object> collection) {
    // not unique: nothing to refuse
  }

  @Override
  public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
    if (indexes(document)) {
      getKeyValues(document).forEach(key -> entries.put(entry(key, position), PRESENT));
    }
  }

  @Override
  public synchronized Object remove(Document document) {
    Object position = Utils.getSubdocumentValue(document, POSITION);
    if (!indexes(document)) {
      return null;
    }
    getKeyValues(document).forEach(key -> entries.remove(entry(key, position)));
    return position;
  }

  @Override
  public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
    // not unique: nothing to refuse
  }

  @Override
  public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position,
                                         MongoCollection<Object> collection) {
    if (!nullAwareEqualsKeys(oldDocument, newDocument)) {
      if (indexes(oldDocument)) {
        getKeyValues(oldDocument).forEach(key -> entries.remove(entry(key, position)));
      }
      add(newDocument, position, collection);
    }
  }

  @Override
  public boolean canHandle(Document query) {
    Document prefix = IndexedQuery.prefix(query, getKeys());
    if (prefix == null) {
      return false;
    }
    for (Object condition : prefix.values()) {
      boolean range = condition instanceof Document operators && prefix.size() == 1 && !operators.isEmpty()
        && RANGE.containsAll(operators.keySet());
      boolean equality = condition != null && !(condition instanceof Document) && !(condition instanceof Collection)
        && !(condition instanceof Missing) && !BsonRegularExpression.isRegularExpression(condition);
      if (!range && !equality) {
        return false;
      }
    }
    return true;
  }

  @Override
  public synchronized Iterable<Object> getPositions(Document query) {
    Document prefix = IndexedQuery.prefix(query, getKeys());
    String field = getKeys().get(0).getKey();
    if (prefix.get(field) instanceof Document range) {
      Object lower = bound(field, range.containsKey("$gt") ? range.get("$gt") : range.get("$gte"));
      Object upper = bound(field, range.containsKey("$lt") ? range.get("$lt") : range.get("$lte"));
      KeyValue from = lower == null ? null : new KeyValue(lower);
      // candidates from the lower bound up to the upper bound, both included: a superset of the range
      return () -> positions(from, key -> upper == null || KeyType.compareValues(key.get(0), upper) <= 0);
    }
    KeyValue leading = equalities(prefix);
    return () -> positions(leading, key -> startsWith(key, leading));
  }

  /** The prefix's values, normalised as the index's keys are (numbers as doubles). */
  private KeyValue equalities(Document prefix) {
    KeyValue all = getKeyValues(prefix).iterator().next(); // the keys the prefix lacks come out null
    return new KeyValue(all.stream().limit(prefix.size()).toList());
  }

  /** A query bound, normalised as the index's keys are (numbers as doubles). */
  private Object bound(String field, Object value) {
    return value == null ? null : getKeyValues(new Document(field, value)).iterator().next().get(0);
  }

  private Iterator<Object> positions(KeyValue from, Predicate<KeyValue> within) {
    Iterator<Object> keys = entries.keyIterator(from);
    return new Iterator<>() {
      private KeyValue next = advance();

      private KeyValue advance() {
        if (!keys.hasNext()) {
          return null;
        }
        KeyValue key = (KeyValue) keys.next();
        return within.test(key) ? key : null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Object next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Object position = next.get(next.size() - 1);
        next = advance();
        return position;
      }
    };
  }

  private static boolean startsWith(KeyValue key, KeyValue prefix) {
    if (key.size() <= prefix.size()) {
      return false;
    }
    for (int i = 0; i < prefix.size(); i++) {
      if (KeyType.compareValues(key.get(i), prefix.get(i)) != 0) {
        return false;
      }
    }
    return true;
  }

  private boolean indexes(Document document) {
    return !isSparse() || getKeys().stream().anyMatch(key -> !(Utils.getSubdocumentValue(document, key.getKey()) instanceof Missing));
  }

  private static KeyValue entry(KeyValue key, Object position) {
    List<Object> values = new ArrayList<>(key.size() + 1);
    key.forEach(values::add);
    values.add(position);
    return new KeyValue(values);
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

  @Override
  public void drop() {
    // the database removes the map
  }
}
