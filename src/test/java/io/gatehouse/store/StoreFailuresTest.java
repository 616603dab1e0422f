package io.gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ServerId;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Store failures")
class StoreFailuresTest {
  private static final ServerAddress ADDRESS = new ServerAddress("127.0.0.1", 27017);

  @Test
  @DisplayName("every way the driver says Mongo cannot be reached is an outage")
  void unreachable() {
    for (Throwable error : new Throwable[] {
      new MongoTimeoutException("no server"),
      new MongoSocketOpenException("refused", ADDRESS, new ConnectException("refused")),
      new MongoSocketReadException("closed", ADDRESS),
      new MongoConnectionPoolClearedException(new ServerId(new ClusterId(), ADDRESS), new MongoSocketReadException("closed", ADDRESS)),
      new MongoServerUnavailableException("closed"),
      new MongoNotPrimaryException(new BsonDocument(), ADDRESS),
      new MongoNodeIsRecoveringException(new BsonDocument(), ADDRESS),
      new CompletionException(new MongoTimeoutException("wrapped")),
      new ConnectException("refused")}) {
      assertTrue(StoreFailures.isUnavailable(error), error.toString());
    }
  }

  @Test
  @DisplayName("anything else is not an outage")
  void other() {
    assertFalse(StoreFailures.isUnavailable(new MongoException(2, "bad value")));
    assertFalse(StoreFailures.isUnavailable(new IllegalStateException("bug")));
  }
}
