package io.gatehouse.ops;

import io.gatehouse.config.ConfigException;
import io.gatehouse.config.GatehouseConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.spi.metrics.MetricsProvider;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusRequestHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.impl.MicrometerMetrics;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus metrics of one node through vertx-micrometer-metrics: Vert.x's own meters (HTTP server
 * requests by route, method and code with latency histograms, event bus, pools, JVM) and
 * {@link GatehouseMeters}, scraped at {@code GET /metrics} on a management server of its own
 * ({@code METRICS_HOST}:{@code METRICS_PORT}, loopback by default), never on the public port.
 */
public final class Metrics {
  private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
  public static final String PATH = "/metrics";

  private final Vertx vertx;
  private final GatehouseConfig config;
  private final PrometheusMeterRegistry registry;
  private final GatehouseMeters meters;
  private HttpServer server;

  private Metrics(Vertx vertx, GatehouseConfig config, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    this.registry = registry;
    this.meters = registry == null ? GatehouseMeters.none() : new GatehouseMeters(registry);
  }

  /**
   * The one place a Vert.x gets its metrics set up (Main and the tests' nodes both call it): a
   * Prometheus registry of its own per Vert.x instance (a unique registry name, so nodes sharing a
   * JVM never mix their counts), with the route label on HTTP server meters and histogram buckets.
   */
  public static VertxOptions enable(VertxOptions options, GatehouseConfig config) {
    if (!config.metricsEnabled()) {
      return options;
    }
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
      .setEnabled(true)
      .setRegistryName("gatehouse-" + UUID.randomUUID())
      .setJvmMetricsEnabled(true)
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true));
    // the defaults plus the route (the router's pattern, e.g. /api/auth/login: bounded, unlike the path)
    metrics.addLabels(Label.HTTP_ROUTE);
    return options.setMetricsOptions(metrics);
  }

  /** The metrics of a Vert.x built with {@link #enable}; without them, meters that count into nothing. */
  public static Metrics of(Vertx vertx, GatehouseConfig config) {
    return new Metrics(vertx, config, config.metricsEnabled() ? registryOf(vertx) : null);
  }

  /**
   * The registry vertx-micrometer-metrics made for this Vert.x instance. Its public lookup is by
   * registry name ({@code BackendRegistries.getNow}); asking the instance avoids carrying the name around.
   */
  private static PrometheusMeterRegistry registryOf(Vertx vertx) {
    if (vertx instanceof MetricsProvider provider && provider.getMetrics() instanceof MicrometerMetrics metrics
        && metrics.registry() instanceof PrometheusMeterRegistry prometheus) {
      return prometheus;
    }
    LOG.warn("METRICS_ENABLED is on but this Vert.x was not built with Metrics.enable: no /metrics");
    return null;
  }

  public GatehouseMeters meters() {
    return meters;
  }

  /** The Prometheus registry, or null when metrics are off. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Starts the management server; does nothing when metrics are off. */
  public Future<Void> listen() {
    if (registry == null) {
      return Future.succeededFuture();
    }
    var scrape = PrometheusRequestHandler.create(registry, PATH);
    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.metricsHost()).setPort(config.metricsPort()));
    return server.requestHandler(request -> {
      if (request.method() == HttpMethod.GET && PATH.equals(request.path())) {
        scrape.handle(request);
      } else {
        request.response().setStatusCode(404).end();
      }
    }).listen()
      .recover(error -> Future.failedFuture(ConfigException.whenListening(error, "METRICS_PORT", config.metricsHost(),
        config.metricsPort())))
      .onSuccess(s -> LOG.info("Metrics on http://{}:{}{}", config.metricsHost(), s.actualPort(), PATH))
      .mapEmpty();
  }

  /** The management server's port (useful with METRICS_PORT=0), or -1 when it is not running. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
