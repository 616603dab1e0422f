package io.gatehouse.embedded.storage;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The embedded store's backend: the library's H2 (MVStore) file, kept fit for a large community.
 * Documents and index keys are stored as BSON in compressed pages, non-unique indexes are kept
 * (the expiry sweep, sessions by user and one-time links by user read through them), an index
 * serves any query that names its keys, indexes are not rebuilt at each start, and the page cache
 * has a fixed size whatever the data. A file written by the library's own format is converted once.
 */
public final class Storage extends H2Backend {
  /** The page cache, in MB: the heap the store may hold whatever the size of the file. */
  static final int CACHE_MB = 8;
  static final String FORMAT = "gatehouse.format";
  static final int VERSION = 2;

  private Storage(MVStore store) {
    super(store);
  }

  /** Opens (or creates) the store file, converting it first if an earlier version wrote it. */
  public static Storage open(Path file) {
    FormatUpgrade.ifNeeded(file);
    MVStore store = builder(file).open();
    MVMap<String, Object> format = store.openMap(FORMAT);
    format.putIfAbsent("version", VERSION);
    return new Storage(store);
  }

  static MVStore.Builder builder(Path file) {
    return new MVStore.Builder().fileName(file.toString()).compress().cacheSize(CACHE_MB);
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new StorageDatabase(databaseName, getMvStore(), getCursorRegistry());
  }
}
