package io.gatehouse.oauth.peers;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * A real OpenID Connect provider (mock-oauth2-server) serving an issuer per provider name, behind a
 * pass-through proxy on loopback. The proxy keeps the Host header, so the provider's discovery, issuer
 * and endpoints all name the proxy; when armed it alters the next id_token in a token response after
 * the provider signed it.
 */
public final class MockIdp implements AutoCloseable {
  /** Interactive: each authorisation shows the provider's login form, where the browser names the user and claims. */
  private final MockOAuth2Server server = new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"interactiveLogin\":true}"));
  private final HttpServer proxy;
  private final HttpClient client;
  private final AtomicBoolean tamper = new AtomicBoolean();
  private final int serverPort;

  public MockIdp(Vertx vertx) {
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    this.serverPort = server.baseUrl().port();
    this.client = vertx.createHttpClient();
    this.proxy = OAuth2Peer.await(vertx.createHttpServer().requestHandler(this::forward).listen(0, "127.0.0.1"));
  }

  /** The issuer URL of one provider name, as the provider itself names it. */
  public String issuer(String name) {
    return base() + "/" + name;
  }

  public String base() {
    return "http://127.0.0.1:" + proxy.actualPort();
  }

  void tamperNextIdToken() {
    tamper.set(true);
  }

  private void forward(HttpServerRequest request) {
    request.body().compose(body -> client.request(new RequestOptions().setMethod(request.method()).setHost("127.0.0.1")
        .setPort(serverPort).setURI(request.uri()).setHeaders(request.headers()))
      .compose(out -> out.send(body))
      .compose(response -> response.body().map(answer -> new Answer(response, answer))))
      .onSuccess(answer -> {
        var out = request.response().setStatusCode(answer.response().statusCode());
        answer.response().headers().forEach((name, value) -> {
          if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")) {
            out.headers().add(name, value);
          }
        });
        out.end(request.path().endsWith("/token") ? tampered(answer.body()) : answer.body());
      })
      .onFailure(error -> request.response().setStatusCode(502).end());
  }

  private record Answer(HttpClientResponse response, Buffer body) {
  }

  private Buffer tampered(Buffer body) {
    if (!tamper.getAndSet(false)) {
      return body;
    }
    JsonObject tokens = body.toJsonObject();
    tokens.put("id_token", IdTokenTampering.withClaim(tokens.getString("id_token"), "sub", "someone-else"));
    return tokens.toBuffer();
  }

  @Override
  public void close() {
    try {
      proxy.close().await(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the test is over either way
    }
    server.shutdown();
  }

}
