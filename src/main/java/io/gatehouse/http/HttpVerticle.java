package io.gatehouse.http;

import io.gatehouse.accounts.Accounts;
import io.gatehouse.accounts.UserCache;
import io.gatehouse.cluster.Cluster;
import io.gatehouse.config.ConfigException;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.devices.DeviceCookies;
import io.gatehouse.gateway.Gateway;
import io.gatehouse.oauth.SocialLogin;
import io.gatehouse.recovery.Recovery;
import io.gatehouse.revocation.RevocationList;
import io.gatehouse.tokens.Sessions;
import io.gatehouse.tokens.Tokens;
import io.gatehouse.twofactor.TwoFactor;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
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
  private static final String PROXIED = "gatehouse.proxied";

  /** What every instance shares: built once per JVM. */
  public record Dependencies(GatehouseConfig config, Tokens tokens, RevocationList revocations, UserCache users,
                             Guards guards, Gateway gateway, Handler<RoutingContext> messageGuards,
                             MongoClient mongo, Redis redis, Cluster cluster, DeviceCookies devices, Clients clients) {
  }

  /** The services the routes call, through their typed clients on this node's event bus. */
  public record Clients(Accounts accounts, Sessions sessions, TwoFactor twoFactor, Recovery recovery,
                        SocialLogin socialLogin) {
  }

  private final Dependencies deps;
  private HttpServer server;
  private long sweepTimer = -1;

  public HttpVerticle(Dependencies deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    GatehouseConfig config = deps.config();
    Router router = Router.router(vertx);
    HeaderDeadline headers = new HeaderDeadline();
    RequestDeadline deadline = new RequestDeadline(config.requestTimeoutMs(), SocialLogin.timeoutMs(config.oauth()) + 5_000,
      PROXIED, headers);
    router.route().handler(deadline);
    sweepTimer = vertx.setPeriodic(RequestDeadline.SWEEP_MS, id -> {
      long now = System.currentTimeMillis();
      deadline.sweep(now);
      headers.sweep(now);
    });
    router.route().handler(PathCheck.CHECK);
    new HealthRoutes(deps.mongo(), deps.redis(), deps.cluster()).mount(router);
    router.route().handler(ctx -> {
      ctx.response().putHeader("X-Robots-Tag", "noindex");
      ctx.next();
    });
    // LibreChat's cors(): any origin, no credentials (the refresh cookie stays same-site)
    router.route().handler(CorsHandler.create().allowedMethods(java.util.Set.of(HttpMethod.GET, HttpMethod.HEAD,
      HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.POST, HttpMethod.DELETE)));
    BearerAuth bearer = new BearerAuth(deps.tokens(), deps.revocations());
    Cookies cookies = new Cookies(config.secureCookies(), deps.devices());
    Clients clients = deps.clients();
    new AuthRoutes(config, clients.accounts(), clients.sessions(), cookies).mount(router, deps.guards(), bearer);
    new OAuthRoutes(config, clients.socialLogin(), cookies).mount(router, deps.guards());
    new TwoFactorRoutes(config, clients.twoFactor(), deps.tokens(), deps.revocations(), cookies)
      .mount(router, deps.guards(), bearer);
    new RecoveryRoutes(config, clients.recovery()).mount(router, deps.guards());
    new UserRoutes(clients.accounts(), deps.users()).mount(router, deps.guards(), bearer);
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
      // HTTP/1.1 only, as LibreChat serves: the connection is ours from its first byte (HeaderDeadline)
      .setHttp2ClearTextEnabled(false)
      // Node (LibreChat) accepts 16 KB of headers; big cookies and tokens must not fail here only
      .setMaxHeaderSize(16 * 1024)
      .setMaxInitialLineLength(16 * 1024)
      .setIdleTimeout(120));
    return server.connectionHandler(headers::opened).requestHandler(headers.around(router)).listen()
      .recover(error -> Future.failedFuture(ConfigException.whenListening(error, "PORT", config.host(), config.port())));
  }

  /**
   * Everything else under /api goes to the chat backend: LibreChat's public routes after the address
   * ban check, the rest authenticated and ban-checked, message routes guarded.
   */
  private void mountGateway(Router router, BearerAuth bearer) {
    Gateway gateway = deps.gateway();
    Handler<RoutingContext> proxy = gateway.proxy(vertx);
    Handler<RoutingContext> forward = ctx -> {
      ctx.put(PROXIED, true);
      proxy.handle(ctx);
    };
    Handler<RoutingContext> messages = deps.messageGuards();
    Route open = router.routeWithRegex(gateway.publicRoutesPattern()).handler(HttpVerticle::holdBody);
    deps.guards().apply(open, Guards.Point.PUBLIC).handler(forward);
    Route closed = router.route("/api/*").handler(HttpVerticle::holdBody);
    deps.guards().authenticated(closed, bearer)
      .handler(ctx -> {
        if (gateway.isMessageRoute(ctx.normalizedPath())) {
          messages.handle(ctx);
        } else {
          ctx.next();
        }
      })
      .handler(forward);
  }

  /**
   * The body streams to the backend: hold it while checks wait on Redis. If Gatehouse answers instead
   * (401, 403, 429), let the unread body drain so the kept-alive connection serves the next request.
   */
  private static void holdBody(RoutingContext ctx) {
    ctx.request().pause();
    ctx.addHeadersEndHandler(v -> {
      if (ctx.get(PROXIED) == null) {
        ctx.request().resume();
      }
    });
    ctx.next();
  }

  /** Anything a handler did not answer itself: body limits, then LibreChat's generic 500. */
  private static void failed(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (ctx.failure() instanceof HttpClosedException) {
      // the client went away before its body arrived: nobody to answer, nothing of ours broke
      LOG.debug("Client closed the connection during {} {}", ctx.request().method(), ctx.request().path());
      return;
    }
    if (status == 413) {
      Answers.message(ctx, 413, "Request entity too large");
    } else if (status >= 400 && status < 500) {
      Answers.message(ctx, status, "Bad request");
    } else {
      LOG.error("Unhandled failure on {} {} ({})", ctx.request().method(), ctx.request().path(), status, ctx.failure());
      Answers.text(ctx, 500, "An unknown error occurred.");
    }
  }

  /** Stops accepting, lets requests in flight finish (at most SHUTDOWN_GRACE), then closes. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    return server == null ? Future.succeededFuture()
      : server.shutdown(deps.config().shutdownGraceMs(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

}
