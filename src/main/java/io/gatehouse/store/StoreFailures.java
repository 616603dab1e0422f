package io.gatehouse.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import io.gatehouse.bus.Failure;
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

  public static boolean isUnavailable(Throwable error) {
    return error instanceof MongoTimeoutException || error instanceof MongoSocketException
      || error instanceof TimeoutException || error instanceof ConnectException;
  }

  /** The bus failure for an unexpected store error. */
  public static Failure classify(Throwable error) {
    return isUnavailable(error) ? Failure.STORE_UNAVAILABLE : Failure.INTERNAL;
  }
}
