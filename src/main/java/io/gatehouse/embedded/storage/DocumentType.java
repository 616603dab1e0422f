package io.gatehouse.embedded.storage;

import de.bwaldvogel.mongo.bson.Document;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/** The stored documents of a collection, as BSON. Documents are values, never compared. */
final class DocumentType extends BasicDataType<Document> {
  static final DocumentType INSTANCE = new DocumentType();

  private DocumentType() {
  }

  @Override
  public int getMemory(Document document) {
    // an estimate for the page cache's accounting: a map entry, its key and a small value per field
    return 64 + 96 * document.size();
  }

  @Override
  public void write(WriteBuffer out, Document document) {
    StoredBson.writeDocument(out, document);
  }

  @Override
  public Document read(ByteBuffer in) {
    return StoredBson.readDocument(in);
  }

  @Override
  public Document[] createStorage(int size) {
    return new Document[size];
  }
}
