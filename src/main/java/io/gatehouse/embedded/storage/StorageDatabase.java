package io.gatehouse.embedded.storage;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database in the store file, laid out as the library's H2 backend lays it out (a map per
 * collection, per collection's metadata and per index, under the same names), with BSON pages and
 * non-unique indexes kept. An index is built from the documents once; a mark in the store records
 * that its build finished, so opening a large store reads no documents.
 */
final class StorageDatabase extends AbstractSynchronizedMongoDatabase<Object> {
  private static final Logger LOG = LoggerFactory.getLogger(StorageDatabase.class);
  static final String DATA_PREFIX = "databases.";
  private static final String META_PREFIX = "meta.";
  static final String INDEX_INFIX = "._index_";
  /** Index maps whose build finished. */
  static final String BUILT = "gatehouse.builtIndexes";

  /** Collections from this size on get a log line when an index is built over them. */
  private static final int LARGE = 10_000;

  private final MVStore store;
  private final MVMap<String, Object> built;
  /** Index maps opened since the last mark; marked built once their build has returned. */
  private final List<String> opened = new ArrayList<>();

  StorageDatabase(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
    super(databaseName, cursorRegistry);
    this.store = store;
    this.built = store.openMap(BUILT);
    initializeNamespacesAndIndexes();
    markBuilt();
  }

  static MVMap.Builder<Object, Document> documents() {
    return new MVMap.Builder<Object, Document>().keyType(KeyType.INSTANCE).valueType(DocumentType.INSTANCE);
  }

  private static MVMap.Builder<Object, Object> keys() {
    return new MVMap.Builder<>().keyType(KeyType.INSTANCE).valueType(KeyType.INSTANCE);
  }

  @Override
  protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
    String name = getFullCollectionNamespace(collectionName);
    MVMap<Object, Document> data = store.openMap(DATA_PREFIX + name, documents());
    MVMap<String, Object> meta = store.openMap(META_PREFIX + name);
    return new H2Collection(this, collectionName, options, data, meta, cursorRegistry);
  }

  @Override
  protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    String map = indexMap(collectionName, indexName);
    return new UniqueIndex(indexName, keys, sparse, open(collectionName, map), built.containsKey(map));
  }

  @Override
  protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    String map = indexMap(collectionName, indexName);
    return new SecondaryIndex(indexName, keys, sparse, open(collectionName, map), built.containsKey(map));
  }

  private MVMap<Object, Object> open(String collectionName, String map) {
    MongoCollection<Object> collection = resolveCollection(collectionName, false);
    int documents = collection == null ? 0 : collection.count();
    if (!built.containsKey(map) && documents >= LARGE) {
      LOG.info("Embedded store: building index {} over {} documents (once; a large collection takes a while)", map, documents);
    }
    opened.add(map);
    return store.openMap(map, keys());
  }

  /**
   * Lists indexes as they behave here: without {@code expireAfterSeconds}, since nothing here removes
   * expired documents. Whoever reads the list to decide whether to sweep (a node pointed at a shared
   * embedded store by {@code MONGO_URI}, say) is told the truth.
   */
  @Override
  public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
    Document answer = super.handleCommand(channel, command, query, resolver, oplog);
    if ("listIndexes".equalsIgnoreCase(command) && answer.get("cursor") instanceof Document cursor
        && cursor.get("firstBatch") instanceof List<?> batch) {
      cursor.put("firstBatch", batch.stream().map(index -> withoutExpiry((Document) index)).toList());
    }
    return answer;
  }

  private static Document withoutExpiry(Document index) {
    Document listed = new Document(index); // a copy: the stored description stays as it was created
    listed.remove("expireAfterSeconds");
    return listed;
  }

  @Override
  protected synchronized void addIndex(Document indexDescription) {
    try {
      super.addIndex(indexDescription);
      markBuilt();
    } finally {
      opened.clear(); // a build that failed (a duplicate key) stays unmarked and is redone at the next open
    }
  }

  private void markBuilt() {
    opened.forEach(map -> built.put(map, Boolean.TRUE));
    opened.clear();
  }

  @Override
  protected void dropIndex(MongoCollection<Object> collection, String indexName) {
    super.dropIndex(collection, indexName);
    String map = indexMap(collection.getCollectionName(), indexName);
    built.remove(map);
    store.removeMap(map);
  }

  private String indexMap(String collectionName, String indexName) {
    return getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName;
  }

  @Override
  public void drop(Oplog oplog) {
    super.drop(oplog);
    List<String> maps = store.getMapNames().stream()
      .filter(name -> name.startsWith(databaseName + ".") || name.startsWith(DATA_PREFIX + databaseName + ".")
        || name.startsWith(META_PREFIX + databaseName + "."))
      .toList();
    maps.forEach(name -> {
      built.remove(name);
      store.removeMap(name);
    });
  }

  @Override
  public void dropCollection(String collectionName, Oplog oplog) {
    super.dropCollection(collectionName, oplog);
    String name = getFullCollectionNamespace(collectionName);
    store.removeMap(DATA_PREFIX + name);
    store.removeMap(META_PREFIX + name);
  }

  @Override
  public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
    super.moveCollection(oldDatabase, collection, newCollectionName);
    String newName = getFullCollectionNamespace(newCollectionName);
    store.renameMap(store.openMap(DATA_PREFIX + collection.getFullName(), documents()), DATA_PREFIX + newName);
    store.renameMap(store.openMap(META_PREFIX + collection.getFullName()), META_PREFIX + newName);
  }

  @Override
  protected long getStorageSize() {
    FileStore<?> file = store.getFileStore();
    return file == null ? 0 : file.size();
  }

  @Override
  protected long getFileSize() {
    return getStorageSize();
  }
}
