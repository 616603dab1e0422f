package io.gatehouse.embedded.storage;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.h2.mvstore.WriteBuffer;

/**
 * Documents and values as they travel on the wire (BSON), written into the store's pages. The library's
 * default page format is Java serialization, which repeats every class description in every value
 * (about 2.4 KB per stored document); BSON holds the same values in a fraction of that, and reads back
 * exactly the types the wire decoder gives the server.
 */
final class StoredBson {
  /** A field that is absent (an index key of a document without it); not a BSON type. */
  private static final byte MISSING = 0;

  private StoredBson() {
  }

  static void writeDocument(WriteBuffer out, Document document) {
    write(out, 256, buffer -> BsonEncoder.encodeDocument(document, buffer));
  }

  static Document readDocument(ByteBuffer in) {
    int length = Integer.reverseBytes(in.getInt(in.position())); // BSON's length prefix is little-endian
    Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(in.slice().limit(length)));
    in.position(in.position() + length);
    return document;
  }

  static void writeValue(WriteBuffer out, Object value) {
    if (value instanceof Missing) {
      out.put(MISSING);
      return;
    }
    byte type = BsonEncoder.determineType(value);
    write(out, 32, buffer -> {
      buffer.writeByte(type);
      BsonEncoder.encodeValue(type, value, buffer);
    });
  }

  static Object readValue(ByteBuffer in) {
    byte type = in.get();
    if (type == MISSING) {
      return Missing.getInstance();
    }
    ByteBuf view = Unpooled.wrappedBuffer(in.slice());
    Object value = BsonDecoder.decodeValue(type, view);
    in.position(in.position() + view.readerIndex());
    return value;
  }

  private static void write(WriteBuffer out, int expectedSize, Consumer<ByteBuf> encoder) {
    ByteBuf buffer = Unpooled.buffer(expectedSize);
    try {
      encoder.accept(buffer);
      out.put(buffer.array(), buffer.arrayOffset() + buffer.readerIndex(), buffer.readableBytes());
    } finally {
      buffer.release();
    }
  }
}
