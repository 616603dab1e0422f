package io.gatehouse.embedded.storage;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;

/**
 * The part of a query an index can serve. As on a real MongoDB, an index serves a query that names
 * all of its keys, whatever else the query names: the index gives the candidates and the collection
 * applies the whole query to them. (The library's own rule asks for exactly the index's keys, so
 * {@code {_id, refreshTokenHash}} or {@code {_id, twoFactorEnabled}} read the whole collection.) A
 * non-unique index also serves a query naming only its leading keys, as a compound index does there.
 */
final class IndexedQuery {
  private IndexedQuery() {
  }

  /** The query's conditions on the index's keys, in the index's order; null when it misses one of them. */
  static Document narrowed(Document query, List<IndexKey> keys) {
    Document narrowed = new Document();
    for (IndexKey key : keys) {
      if (!query.containsKey(key.getKey())) {
        return null;
      }
      narrowed.put(key.getKey(), query.get(key.getKey()));
    }
    return narrowed;
  }

  /** The query's conditions on the index's leading keys, as many as it names in a row; null when it misses the first. */
  static Document prefix(Document query, List<IndexKey> keys) {
    Document prefix = new Document();
    for (IndexKey key : keys) {
      if (!query.containsKey(key.getKey())) {
        break;
      }
      prefix.put(key.getKey(), query.get(key.getKey()));
    }
    return prefix.isEmpty() ? null : prefix;
  }
}
