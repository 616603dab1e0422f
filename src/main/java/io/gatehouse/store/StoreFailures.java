package io.gatehouse.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Classifies store exceptions by type and code, never by message text. */
public final class StoreFailures {
  public static final int DUPLICATE_KEY = 11000;

  private StoreFailures() {
  }

  public static boolean isDuplicateKey(Throwable error) {
    if (error instanceof MongoWriteException write) {
      return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    return error instanceof MongoException mongo && mongo.getCode() == DUPLICATE_KEY;
  }

  /**
   * True when the store could not be reached, or was reached mid-outage (a pool paused after a failed
   * connection, a closed client, a node stepping down): worth a retry later, not a bug. Looks through
   * wrappers to the first cause that says so.
   */
  public static boolean isUnavailable(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof MongoTimeoutException || cause instanceof MongoSocketException
        || cause instanceof MongoConnectionPoolClearedException || cause instanceof MongoServerUnavailableException
        || cause instanceof MongoNotPrimaryException || cause instanceof MongoNodeIsRecoveringException
        || cause instanceof TimeoutException || cause instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }
}
