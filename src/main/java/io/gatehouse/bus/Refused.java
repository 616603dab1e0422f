package io.gatehouse.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.serviceproxy.ServiceException;

/**
 * The one failure type of every service on the event bus: a {@link Failure} reason and, where the reason
 * carries one ({@link Failure#INVALID_INPUT}), the client-facing message. It is a {@link ServiceException},
 * so the generated proxies deliver it to the caller as it was thrown (node-local, the same instance).
 */
public final class Refused extends ServiceException {
  private final Failure failure;

  public Refused(Failure failure, String message) {
    super(failure.ordinal(), message);
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }

  /**
   * The refusal behind any failed bus call: a {@code Refused} itself, one that crossed a node as a plain
   * {@link ServiceException}, a timeout ({@link Failure#BUSY}); anything else is {@link Failure#INTERNAL}.
   */
  public static Refused of(Throwable error) {
    if (error instanceof Refused refused) {
      return refused;
    }
    if (error instanceof ServiceException service && service.failureCode() >= 0
      && service.failureCode() < Failure.values().length) {
      return new Refused(Failure.values()[service.failureCode()], service.getMessage());
    }
    if (error instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
      return new Refused(Failure.BUSY, "no answer in time");
    }
    return new Refused(Failure.INTERNAL, "internal error");
  }
}
