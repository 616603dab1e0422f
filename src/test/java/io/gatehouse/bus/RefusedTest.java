package io.gatehouse.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gatehouse.moderation.Moderation;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one failure type of the bus: what a caller sees for each way a call can fail. */
@DisplayName("Refused, the failure of every bus call")
class RefusedTest {
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("keeps its reason and message, and comes back from another node as the same reason")
  void reasons() {
    Refused refused = new Refused(Failure.WRONG_CODE, "wrong second factor");
    assertSame(refused, Refused.of(refused));
    Refused decoded = Refused.of(new ServiceException(refused.failureCode(), refused.getMessage()));
    assertEquals(Failure.WRONG_CODE, decoded.failure());
    assertEquals("wrong second factor", decoded.getMessage());
  }

  @Test
  @DisplayName("calls no service answered in time are BUSY, not a store outage; anything else is INTERNAL")
  void timeoutsAndOthers() throws Exception {
    String address = "gatehouse.test.silent";
    vertx.eventBus().localConsumer(address, message -> { }).completion().await(5, TimeUnit.SECONDS);
    Future<Object> silent = vertx.eventBus().request(address, new JsonObject(), Services.local(50)).map(m -> m.body());
    Throwable timeout = silent.transform(result -> Future.succeededFuture(result.cause())).await(5, TimeUnit.SECONDS);
    assertEquals(Failure.BUSY, Refused.of(timeout).failure(), String.valueOf(timeout));
    assertEquals(Failure.INTERNAL, Refused.of(new ReplyException(ReplyFailure.NO_HANDLERS, "none")).failure());
    assertEquals(Failure.INTERNAL, Refused.of(new IllegalStateException("bug")).failure());
    assertEquals(Failure.INTERNAL, Refused.of(new ServiceException(-1, "not ours")).failure());
  }

  @Test
  @DisplayName("a service's unexpected failure leaves Services.serve as INTERNAL, a refusal as thrown")
  void served() throws Exception {
    // any service will do: this one refuses with the reason named by its type argument, or fails unexpectedly
    Moderation failing = (type, userId, ip, score) -> type.equals("bug")
      ? Future.failedFuture(new IllegalStateException("bug"))
      : Future.failedFuture(new Refused(Failure.valueOf(type), "refused"));
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        return Services.serve(vertx, Moderation.class, Addresses.MODERATION, failing);
      }
    }).await(5, TimeUnit.SECONDS);
    Moderation client = Moderation.client(vertx);
    assertEquals(Failure.INTERNAL, failureOf(client.report("bug", null, null, null)));
    assertEquals(Failure.NOT_FOUND, failureOf(client.report("NOT_FOUND", null, null, null)));
    assertEquals(Failure.STORE_UNAVAILABLE, failureOf(client.report("STORE_UNAVAILABLE", null, null, null)));
  }

  private static Failure failureOf(Future<?> call) throws Exception {
    Throwable error = call.transform(result -> Future.succeededFuture(result.cause())).await(5, TimeUnit.SECONDS);
    return Refused.of(error).failure();
  }
}
