package io.gatehouse.gateway;

import io.gatehouse.config.ModerationConfig;
import io.gatehouse.config.Settings;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.proxy.handler.ProxyHandler;
import io.vertx.httpproxy.HttpProxy;
import java.net.URI;

/**
 * The way to the chat backend when {@code UPSTREAM_URL} is set: every {@code /api/**} request that is
 * not Gatehouse's own goes there, streamed both ways, with its Authorization header, after bearer
 * authentication and the ban check (and, on message routes, the message guards).
 */
public final class Gateway {
  private final URI upstream;
  private final ModerationConfig config;

  private Gateway(URI upstream, ModerationConfig config) {
    this.upstream = upstream;
    this.config = config;
  }

  /** The gateway, or null when UPSTREAM_URL is unset (then nothing is proxied). */
  public static Gateway of(ModerationConfig config) {
    if (config.upstreamUrl() == null) {
      return null;
    }
    return new Gateway(URI.create(Settings.httpUrl("UPSTREAM_URL", config.upstreamUrl())), config);
  }

  /** True for the chat endpoints where the message guards apply (Express matches paths ignoring case). */
  public boolean isMessageRoute(String path) {
    return matches(config.messageRoutes(), path);
  }

  /** A route regex for the public routes, ignoring case as Express does. */
  public String publicRoutesPattern() {
    return "(?i)(" + String.join("|", config.publicRoutes().stream().map(java.util.regex.Pattern::quote).toList())
      + ")(/.*)?";
  }

  private static boolean matches(java.util.List<String> routes, String path) {
    String lower = path.toLowerCase(java.util.Locale.ROOT);
    return routes.stream().map(route -> route.toLowerCase(java.util.Locale.ROOT))
      .anyMatch(route -> lower.equals(route) || lower.startsWith(route + "/"));
  }

  /** The proxying handler, one per HTTP verticle (its HTTP client lives on that verticle's event loop). */
  public Handler<RoutingContext> proxy(Vertx vertx) {
    boolean tls = "https".equals(upstream.getScheme());
    int port = upstream.getPort() > 0 ? upstream.getPort() : tls ? 443 : 80;
    HttpClientOptions options = new HttpClientOptions().setSsl(tls).setKeepAlive(true).setIdleTimeout(60);
    HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient(options)).origin(port, upstream.getHost());
    return ProxyHandler.create(proxy);
  }
}
