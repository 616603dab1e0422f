package io.gatehouse.oauth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Calls to the providers' APIs (discovery, JWKS, profiles), each bounded by {@code OAUTH_HTTP_TIMEOUT}:
 * a provider that is slow, down or answers nonsense fails the login, never hangs it.
 */
public final class ProviderHttp {
  /** No provider's document comes near this; anything bigger is refused, not buffered. */
  private static final long MAX_BODY = 1024 * 1024;

  private final WebClient client;
  private final long timeoutMs;

  public ProviderHttp(Vertx vertx, long timeoutMs) {
    this.client = WebClient.create(vertx, new WebClientOptions()
      .setConnectTimeout((int) Math.min(timeoutMs, Integer.MAX_VALUE))
      .setFollowRedirects(false)
      .setUserAgent("Gatehouse"));
    this.timeoutMs = timeoutMs;
  }

  public long timeoutMs() {
    return timeoutMs;
  }

  public HttpRequest<Buffer> get(String url) {
    return client.getAbs(url).timeout(timeoutMs).putHeader("Accept", "application/json");
  }

  /** The JSON object of a 2xx answer; anything else fails with {@code reason}. */
  public Future<JsonObject> object(HttpRequest<Buffer> request, String reason) {
    return body(request, reason).compose(body -> decode(() -> new JsonObject(body), reason));
  }

  /** The JSON array of a 2xx answer; anything else fails with {@code reason}. */
  public Future<JsonArray> array(HttpRequest<Buffer> request, String reason) {
    return body(request, reason).compose(body -> decode(() -> new JsonArray(body), reason));
  }

  private Future<Buffer> body(HttpRequest<Buffer> request, String reason) {
    return request.send()
      .timeout(timeoutMs, TimeUnit.MILLISECONDS)
      .recover(error -> Future.failedFuture(OAuthFailure.failed(reason + "_unreachable")))
      .compose(response -> {
        Buffer body = response.body();
        return response.statusCode() / 100 != 2 || body == null || body.length() > MAX_BODY
          ? Future.failedFuture(OAuthFailure.failed(reason + "_http_" + response.statusCode()))
          : Future.succeededFuture(body);
      });
  }

  private static <T> Future<T> decode(Supplier<T> parse, String reason) {
    try {
      return Future.succeededFuture(parse.get());
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(OAuthFailure.failed(reason + "_not_json"));
    }
  }

  public void close() {
    client.close();
  }
}
