package io.gatehouse.bus;

/**
 * A request refused for a reason the client is told: its {@link Failure} code travels on the bus, the
 * message is the client-facing text where the failure carries one ({@link Failure#INVALID_INPUT}).
 */
public class Refused extends RuntimeException {
  private final Failure failure;

  public Refused(Failure failure, String message) {
    super(message, null, false, false);
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }
}
