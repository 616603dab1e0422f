package io.gatehouse.oauth;

import io.gatehouse.testing.Http;
import io.gatehouse.testing.Reachable;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The browser side of a social login: follows nothing by itself (each 302 is the test's to follow),
 * keeps the cookies it is given, and comes from one client address. Gatehouse's public address
 * ({@link #SERVER}) is the load balancer: each request to it goes to the node the test names.
 */
public final class Browser {
  static final String SERVER = "http://gatehouse.test";
  static final String CLIENT = "http://chat.test";
  static final String AUTH_FAILED = CLIENT + "/login?redirect=false&error=auth_failed";

  private final WebClient client;
  private final String ip;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  public Browser(Vertx vertx, String ip) {
    this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    this.ip = ip;
  }

  /** GET a URL; one on {@link #SERVER} is served by {@code node}. */
  Http.Answer get(String url, Reachable node) {
    return send(request(HttpMethod.GET, url, node), null);
  }

  /** POST a form, as a provider's auto-submitting page (Apple's form_post) makes the browser do. */
  Http.Answer postForm(String url, Reachable node, Map<String, String> fields) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    fields.forEach(form::add);
    return send(request(HttpMethod.POST, url, node), form);
  }

  public String cookie(String name) {
    return cookies.get(name);
  }

  void forget(String name) {
    cookies.remove(name);
  }

  private HttpRequest<Buffer> request(HttpMethod method, String url, Reachable node) {
    URI uri = URI.create(url);
    boolean ours = url.startsWith(SERVER + "/");
    int port = ours ? node.port() : uri.getPort();
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    HttpRequest<Buffer> request = client.request(method, port, "127.0.0.1", path).timeout(60_000);
    if (ours) {
      request.putHeader("X-Forwarded-For", ip);
    }
    if (!cookies.isEmpty()) {
      StringBuilder header = new StringBuilder();
      cookies.forEach((k, v) -> header.append(header.length() == 0 ? "" : "; ").append(k).append('=').append(v));
      request.putHeader("Cookie", header.toString());
    }
    return request;
  }

  private Http.Answer send(HttpRequest<Buffer> request, MultiMap form) {
    try {
      var response = (form == null ? request.send() : request.sendForm(form)).await(60, TimeUnit.SECONDS);
      Http.Answer answer = new Http.Answer(response);
      keep(answer.setCookies());
      return answer;
    } catch (Exception e) {
      throw new AssertionError("request failed: " + e, e);
    }
  }

  private void keep(List<String> setCookies) {
    for (String line : setCookies) {
      String pair = line.split(";", 2)[0];
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq);
      String value = pair.substring(eq + 1);
      if (value.isEmpty() || line.contains("Expires=Thu, 01 Jan 1970")) {
        cookies.remove(name);
      } else {
        cookies.put(name, value);
      }
    }
  }
}
