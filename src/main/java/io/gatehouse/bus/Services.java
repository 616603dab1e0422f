package io.gatehouse.bus;

import io.gatehouse.store.StoreFailures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.serviceproxy.ServiceBinder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a verticle offers its service on the event bus, and how callers reach it. Every address is
 * node-local: each node answers its own requests and never asks the cluster where a handler is.
 */
public final class Services {
  private static final Logger LOG = LoggerFactory.getLogger(Services.class);

  private Services() {
  }

  /**
   * Registers {@code service} at {@code address} for the calling verticle (unregistered when it is
   * undeployed). Every failure leaves as a {@link Refused}: a refusal as thrown, a store outage as
   * {@link Failure#STORE_UNAVAILABLE}, anything else logged here and sent as {@link Failure#INTERNAL}.
   */
  public static <T> Future<Void> serve(Vertx vertx, Class<T> type, String address, T service) {
    T refusing = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
      (proxy, method, args) -> method.getDeclaringClass() == Object.class
        ? method.invoke(service, args)
        : call(service, method, args).recover(error -> Future.failedFuture(refusal(type, method, error)))));
    return new ServiceBinder(vertx).setAddress(address).registerLocal(type, refusing).completion();
  }

  /**
   * Loads, off the event loop, what serving and calling these interfaces needs on first use: the
   * generated proxy and handler classes, and the JDK's proxy class {@link #serve} defines (a class
   * generated on an event loop would stall it on a busy machine).
   */
  public static void prepare(Class<?>... types) {
    for (Class<?> type : types) {
      Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> null);
      for (String generated : new String[] {"VertxEBProxy", "VertxProxyHandler"}) {
        try {
          Class.forName(type.getName() + generated, true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(type.getName() + " has no generated " + generated + " (is it @ProxyGen?)", e);
        }
      }
    }
  }

  /** Delivery to a node-local address, failing after {@code timeoutMs} with {@link Failure#BUSY}. */
  public static DeliveryOptions local(long timeoutMs) {
    return new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMs);
  }

  private static Future<?> call(Object service, Method method, Object[] args) throws IllegalAccessException {
    try {
      return (Future<?>) method.invoke(service, args);
    } catch (InvocationTargetException thrown) {
      return Future.failedFuture(thrown.getCause());
    }
  }

  private static Refused refusal(Class<?> type, Method method, Throwable error) {
    if (error instanceof Refused refused) {
      return refused;
    }
    String operation = type.getSimpleName() + "." + method.getName();
    if (StoreFailures.isUnavailable(error)) {
      LOG.warn("{} failed: store unavailable ({})", operation, error.toString());
      return new Refused(Failure.STORE_UNAVAILABLE, "store unavailable");
    }
    LOG.error("{} failed", operation, error);
    return new Refused(Failure.INTERNAL, "internal error");
  }
}
