package io.gatehouse.testing;


import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A suite against one real node: started before the suite with {@link #variables()}, stopped after it
 * (and then, as for every test class, {@link EventLoopWatchExtension} fails it if an event loop blocked
 * or an exception went unhandled meanwhile). Subclasses add their own {@code @BeforeAll} set-up, which
 * runs after the node is up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class NodeSuite {
  protected TestGatehouse server;
  protected Http http;
  /** A look into the node's Redis (the client connects on first use). */
  protected RedisPeek redis;

  /** The environment of this suite's node (registration is on by default). */
  protected Map<String, String> variables() {
    return Map.of();
  }

  @BeforeAll
  final void startNode() {
    server = TestGatehouse.start(variables());
    http = server.http();
    redis = new RedisPeek(server.vertx(), server.redisUri());
  }

  @AfterAll
  final void stopNode() {
    redis.close();
    server.close();
  }
}
