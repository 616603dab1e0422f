package io.gatehouse.embedded.storage;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * Keys of the store's maps: a document's position (its {@code _id}) and an index's key tuple
 * ({@link KeyValue}), ordered as the server orders values. A tuple that is a prefix of another sorts
 * before it, which is how a non-unique index finds every entry of one key.
 */
final class KeyType extends BasicDataType<Object> {
  static final KeyType INSTANCE = new KeyType();
  /** Marks a tuple; not a BSON type. */
  private static final byte TUPLE = 0x60;
  private static final Comparator<Object> VALUES = ValueComparator.ascWithoutListHandling();

  private KeyType() {
  }

  @Override
  public int getMemory(Object key) {
    return key instanceof KeyValue tuple ? 48 + 32 * tuple.size() : 32;
  }

  @Override
  public void write(WriteBuffer out, Object key) {
    if (key instanceof KeyValue tuple) {
      out.put(TUPLE).putVarInt(tuple.size());
      tuple.forEach(value -> StoredBson.writeValue(out, value));
    } else {
      StoredBson.writeValue(out, key);
    }
  }

  @Override
  public Object read(ByteBuffer in) {
    if (in.get(in.position()) != TUPLE) {
      return StoredBson.readValue(in);
    }
    in.get();
    int size = DataUtils.readVarInt(in);
    List<Object> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(StoredBson.readValue(in));
    }
    return new KeyValue(values);
  }

  @Override
  public int compare(Object a, Object b) {
    if (a instanceof KeyValue left && b instanceof KeyValue right) {
      int common = Math.min(left.size(), right.size());
      for (int i = 0; i < common; i++) {
        int order = compareValues(left.get(i), right.get(i));
        if (order != 0) {
          return order;
        }
      }
      return Integer.compare(left.size(), right.size());
    }
    if (a instanceof KeyValue || b instanceof KeyValue) { // never mixed in one map; a total order all the same
      return a instanceof KeyValue ? 1 : -1;
    }
    return compareValues(a, b);
  }

  /** The server's order, with an absent value before every present one (the comparator calls them equal to null). */
  static int compareValues(Object a, Object b) {
    boolean aMissing = a instanceof Missing;
    boolean bMissing = b instanceof Missing;
    if (aMissing || bMissing) {
      return Boolean.compare(bMissing, aMissing);
    }
    return VALUES.compare(a, b);
  }

  @Override
  public Object[] createStorage(int size) {
    return new Object[size];
  }
}
