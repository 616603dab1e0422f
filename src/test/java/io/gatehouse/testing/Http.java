package io.gatehouse.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real HTTP client against a running Gatehouse, blocking the test thread (never an event loop) per call. */
public final class Http implements Reachable {
  private final WebClient client;
  private final int port;

  Http(WebClient client, int port) {
    this.client = client;
    this.port = port;
  }

  /** A kept-alive client (up to 64 connections) for a node on 127.0.0.1:port. */
  public static Http on(Vertx vertx, int port) {
    return new Http(WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(64)), port);
  }

  @Override
  public int port() {
    return port;
  }

  /** A response with its cookies parsed from Set-Cookie. */
  public record Answer(HttpResponse<Buffer> response) {
    public int status() {
      return response.statusCode();
    }

    public String text() {
      Buffer body = response.body();
      return body == null ? "" : body.toString();
    }

    public JsonObject json() {
      return new JsonObject(text());
    }

    public String header(String name) {
      return response.getHeader(name);
    }

    public List<String> setCookies() {
      return response.headers().getAll("Set-Cookie");
    }

    /** The raw Set-Cookie line for a cookie name. */
    public String setCookie(String name) {
      return setCookies().stream().filter(c -> c.startsWith(name + "=")).findFirst().orElse(null);
    }

    /** The value a Set-Cookie line gives a cookie. */
    public String cookie(String name) {
      String line = setCookie(name);
      return line == null ? null : line.substring(name.length() + 1, line.indexOf(';'));
    }
  }

  public Request post(String path) {
    return new Request(client.request(HttpMethod.POST, port, "127.0.0.1", path));
  }

  public Request get(String path) {
    return new Request(client.request(HttpMethod.GET, port, "127.0.0.1", path));
  }

  public Request request(HttpMethod method, String path) {
    return new Request(client.request(method, port, "127.0.0.1", path));
  }

  /** A request being built: headers, bearer token and cookies, then one of the send methods. */
  public static final class Request {
    private final HttpRequest<Buffer> request;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    Request(HttpRequest<Buffer> request) {
      this.request = request.timeout(60_000);
    }

    public Request header(String name, String value) {
      request.putHeader(name, value);
      return this;
    }

    public Request bearer(String token) {
      return header("Authorization", "Bearer " + token);
    }

    public Request cookie(String name, String value) {
      cookies.put(name, value);
      return this;
    }

    public Answer send() {
      return await(prepare().send());
    }

    public Answer json(JsonObject body) {
      return await(prepare().sendJsonObject(body));
    }

    /** A body sent as is, with the given content type. */
    public Answer body(String contentType, Buffer body) {
      return await(prepare().putHeader("Content-Type", contentType).sendBuffer(body));
    }

    public Answer form(Map<String, String> fields) {
      MultiMap form = MultiMap.caseInsensitiveMultiMap();
      fields.forEach(form::add);
      return await(prepare().sendForm(form));
    }

    /** The response future, for tests that fire many requests at once. */
    public io.vertx.core.Future<HttpResponse<Buffer>> sendAsync() {
      return prepare().send();
    }

    /** A JSON body, the response future. */
    public io.vertx.core.Future<HttpResponse<Buffer>> jsonAsync(JsonObject body) {
      return prepare().sendJsonObject(body);
    }

    private HttpRequest<Buffer> prepare() {
      if (!cookies.isEmpty()) {
        StringBuilder header = new StringBuilder();
        cookies.forEach((k, v) -> header.append(header.length() == 0 ? "" : "; ").append(k).append('=').append(v));
        request.putHeader("Cookie", header.toString());
      }
      return request;
    }

    private static Answer await(io.vertx.core.Future<HttpResponse<Buffer>> future) {
      try {
        return new Answer(future.await(60, TimeUnit.SECONDS));
      } catch (Exception e) {
        throw new AssertionError("request failed: " + e, e);
      }
    }
  }
}
