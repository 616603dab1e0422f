package io.gatehouse.http;

import io.gatehouse.accounts.UserCache;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.gateway.Gateway;
import io.gatehouse.revocation.RevocationList;
import io.gatehouse.tokens.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router: parsing and bounding bodies, cookies, bearer verification, the moderation seam
 * ({@link Guards}) and LibreChat's answers. One instance runs per event loop, all on one port.
 */
public final class HttpVerticle extends VerticleBase {
  /** What LibreChat's body parsers accept. */
  public static final long MAX_BODY_BYTES = 3L * 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

  /** What every instance shares: built once per JVM. */
  public record Dependencies(GatehouseConfig config, Tokens tokens, RevocationList revocations, UserCache users,
                             Guards guards, Gateway gateway, Handler<RoutingContext> messageGuards,
                             MongoClient mongo, Redis redis) {
  }

  private final Dependencies deps;
  private HttpServer server;

  public HttpVerticle(Dependencies deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    GatehouseConfig config = deps.config();
    Router router = Router.router(vertx);
    new HealthRoutes(deps.mongo(), deps.redis()).mount(router);
    router.route().handler(ctx -> {
      ctx.response().putHeader("X-Robots-Tag", "noindex");
      ctx.next();
    });
    BearerAuth bearer = new BearerAuth(deps.tokens(), deps.revocations());
    new AuthRoutes(config, vertx.eventBus(), new Cookies(config.secureCookies())).mount(router, deps.guards(), bearer);
    new UserRoutes(vertx.eventBus(), deps.users()).mount(router, deps.guards(), bearer);
    new ConfigRoute(config).mount(router);
    if (deps.gateway() != null) {
      mountGateway(router, bearer);
    }
    router.route().last().handler(ctx -> Answers.message(ctx, 404, "Not Found"));
    router.route().failureHandler(HttpVerticle::failed);
    server = vertx.createHttpServer(new HttpServerOptions()
      .setPort(config.port())
      .setHost(config.host())
      .setCompressionSupported(false)
      // Node (LibreChat) accepts 16 KB of headers; big cookies and tokens must not fail here only
      .setMaxHeaderSize(16 * 1024)
      .setIdleTimeout(120));
    return server.requestHandler(router).listen();
  }

  /** Everything else under /api goes to the chat backend, authenticated, ban-checked, message routes guarded. */
  private void mountGateway(Router router, BearerAuth bearer) {
    Gateway gateway = deps.gateway();
    Handler<RoutingContext> messages = deps.messageGuards();
    // the body streams to the backend: hold it while the checks before the proxy wait on Redis
    Route route = router.route("/api/*").handler(ctx -> {
      ctx.request().pause();
      ctx.next();
    });
    deps.guards().authenticated(route, bearer)
      .handler(ctx -> {
        if (gateway.isMessageRoute(ctx.normalizedPath())) {
          messages.handle(ctx);
        } else {
          ctx.next();
        }
      })
      .handler(gateway.proxy(vertx));
  }

  /** Anything a handler did not answer itself: body limits, then LibreChat's generic 500. */
  private static void failed(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (status == 413) {
      Answers.message(ctx, 413, "Request entity too large");
    } else if (status >= 400 && status < 500) {
      Answers.message(ctx, status, "Bad request");
    } else {
      LOG.error("Unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
      Answers.message(ctx, 500, "Something went wrong");
    }
  }

  public int actualPort() {
    return server.actualPort();
  }
}
