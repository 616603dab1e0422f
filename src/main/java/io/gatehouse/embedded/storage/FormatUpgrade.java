package io.gatehouse.embedded.storage;

import de.bwaldvogel.mongo.bson.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a store file written in the library's own page format (Java serialization) to {@link
 * Storage}'s (BSON), once. Each collection is copied to a new map beside the old one, with a commit
 * every few thousand documents so the heap stays small; the old maps give way to the copies in one
 * final commit, with the format mark. A conversion cut short leaves the old maps whole and starts
 * again at the next open. Index maps are dropped and built again from the converted documents.
 */
final class FormatUpgrade {
  private static final Logger LOG = LoggerFactory.getLogger(FormatUpgrade.class);
  private static final String COPY_PREFIX = "gatehouse.upgrade.";
  private static final int COMMIT_EVERY = 5_000;
  private static final int LOG_EVERY = 100_000;

  private FormatUpgrade() {
  }

  static void ifNeeded(Path file) {
    if (!Files.exists(file)) {
      return;
    }
    MVStore store = Storage.builder(file).autoCommitDisabled().open();
    try {
      if (!store.hasMap(Storage.FORMAT) && dataMaps(store).size() > 0) {
        convert(store);
      }
    } finally {
      store.close();
    }
  }

  private static List<String> dataMaps(MVStore store) {
    return store.getMapNames().stream().filter(name -> name.startsWith(StorageDatabase.DATA_PREFIX)).sorted().toList();
  }

  private static void convert(MVStore store) {
    List.copyOf(store.getMapNames()).stream().filter(name -> name.startsWith(COPY_PREFIX)).forEach(store::removeMap);
    List<String> collections = dataMaps(store);
    LOG.info("Embedded store: converting {} collections to the compact format (once; a large store takes a while)",
      collections.size());
    for (String name : collections) {
      MVMap<Object, Object> old = store.openMap(name);
      MVMap<Object, Document> copy = store.openMap(COPY_PREFIX + name, StorageDatabase.documents());
      long copied = 0;
      for (Map.Entry<Object, Object> entry : old.entrySet()) {
        copy.put(entry.getKey(), (Document) entry.getValue());
        if (++copied % COMMIT_EVERY == 0) {
          store.commit();
        }
        if (copied % LOG_EVERY == 0) {
          LOG.info("Embedded store: {} documents of {} converted", copied, name);
        }
      }
      store.commit();
    }
    for (String name : collections) {
      store.removeMap(name);
      store.renameMap(store.openMap(COPY_PREFIX + name, StorageDatabase.documents()), name);
    }
    List.copyOf(store.getMapNames()).stream().filter(name -> name.contains(StorageDatabase.INDEX_INFIX)).forEach(store::removeMap);
    store.openMap(StorageDatabase.BUILT).clear();
    store.<String, Object>openMap(Storage.FORMAT).put("version", Storage.VERSION);
    store.commit();
    store.compactFile(10_000);
    LOG.info("Embedded store: conversion done");
  }
}
