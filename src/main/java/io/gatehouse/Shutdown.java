package io.gatehouse;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT: the first stops the node gracefully (no new connections, requests in flight
 * finish within SHUTDOWN_GRACE, stores closed, embedded.json removed) and then exits; a second one
 * exits at once. Any other JVM exit still runs the graceful stop once, from a shutdown hook.
 */
final class Shutdown {
  private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

  private final Runnable stop;
  private final AtomicBoolean signalled = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();

  private Shutdown(Runnable stop) {
    this.stop = stop;
  }

  /** Installs the signal handlers and the shutdown hook around a blocking, graceful {@code stop}. */
  static void install(Runnable stop) {
    Shutdown shutdown = new Shutdown(stop);
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), shutdown::signalled);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(shutdown::stopOnce, "gatehouse-shutdown-hook"));
  }

  private void signalled(Signal signal) {
    if (!signalled.compareAndSet(false, true)) {
      LOG.warn("Second SIG{}: exiting now", signal.getName());
      Runtime.getRuntime().halt(128 + signal.getNumber());
    }
    LOG.info("SIG{}: stopping gracefully (send it again to exit at once)", signal.getName());
    Thread stopper = new Thread(() -> {
      stopOnce();
      System.exit(0);
    }, "gatehouse-graceful-stop");
    stopper.start();
  }

  private void stopOnce() {
    if (stopped.compareAndSet(false, true)) {
      stop.run();
    }
  }
}
