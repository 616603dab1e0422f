package io.gatehouse.bus;

import io.gatehouse.store.StoreFailures;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;

/** Answers a bus request with a service's result: a {@link Refused} keeps its code, anything else is logged. */
public final class Replies {
  private Replies() {
  }

  public static void reply(Message<JsonObject> message, Future<JsonObject> result, String operation, Logger log) {
    result.onSuccess(message::reply).onFailure(error -> {
      if (error instanceof Refused refused) {
        message.fail(refused.failure().code(), refused.getMessage());
        return;
      }
      Failure failure = StoreFailures.classify(error);
      log.error("{} failed: {}", operation, error.toString());
      message.fail(failure.code(), failure.name());
    });
  }
}
