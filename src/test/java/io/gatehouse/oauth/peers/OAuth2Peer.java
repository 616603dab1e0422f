package io.gatehouse.oauth.peers;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The OAuth 2.0 half every classic provider shares, as their documentation describes it: an
 * authorisation endpoint that sends the browser back with a one-time code and the state, and a token
 * endpoint that checks the client's credentials, the code and the redirect URI. Subclasses add the
 * provider's profile endpoints and extra token fields.
 */
public abstract class OAuth2Peer implements Peer {
  /** A code's grant: who consented, to which redirect URI, with which nonce. */
  protected record Grant(Person person, String redirectUri, String nonce) {
  }

  protected final Vertx vertx;
  protected final String authorizePath;
  protected final String tokenPath;
  protected final String clientId;
  protected final String clientSecret;
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, Person> accessTokens = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final String name;
  private volatile Person next;

  protected OAuth2Peer(Vertx vertx, String name, String authorizePath, String tokenPath) {
    this.vertx = vertx;
    this.name = name;
    this.authorizePath = authorizePath;
    this.tokenPath = tokenPath;
    this.clientId = "client-" + name;
    this.clientSecret = "secret-" + name;
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.get(authorizePath).handler(this::authorize);
    router.post(tokenPath).handler(this::token);
    routes(router);
    this.server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  @Override
  public String name() {
    return name;
  }

  /** The provider's own endpoints (profile, emails, keys). */
  protected abstract void routes(Router router);

  /** The token endpoint's answer for a good code. */
  protected JsonObject tokenResponse(String accessToken, Grant grant) {
    return new JsonObject().put("access_token", accessToken).put("token_type", "bearer").put("scope", "granted");
  }

  /** The answer to a bad code (most providers: 400 invalid_grant). */
  protected void badCode(RoutingContext ctx) {
    ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
      .end(new JsonObject().put("error", "invalid_grant").encode());
  }

  /** The client secret as the provider checks it; Apple overrides (a signed JWT). */
  protected io.vertx.core.Future<Boolean> validSecret(String secret) {
    return io.vertx.core.Future.succeededFuture(clientSecret.equals(secret));
  }

  public String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public void nextUser(Person person) {
    this.next = person;
  }

  private void authorize(RoutingContext ctx) {
    String redirect = ctx.request().getParam("redirect_uri");
    if (!clientId.equals(ctx.request().getParam("client_id")) || !"code".equals(ctx.request().getParam("response_type"))
      || redirect == null) {
      ctx.response().setStatusCode(400).end("bad authorisation request");
      return;
    }
    String code = UUID.randomUUID().toString();
    codes.put(code, new Grant(next, redirect, ctx.request().getParam("nonce")));
    String state = ctx.request().getParam("state");
    ctx.response().setStatusCode(302).putHeader("Location", redirect + "?code=" + code + "&state=" + state).end();
  }

  private void token(RoutingContext ctx) {
    String[] client = clientCredentials(ctx);
    validSecret(client[1]).onComplete(valid -> {
      if (!clientId.equals(client[0]) || !Boolean.TRUE.equals(valid.result())) {
        ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "invalid_client").encode());
      } else {
        grant(ctx);
      }
    });
  }

  private void grant(RoutingContext ctx) {
    Grant grant = codes.remove(String.valueOf(ctx.request().getFormAttribute("code")));
    if (grant == null || !"authorization_code".equals(ctx.request().getFormAttribute("grant_type"))
      || !grant.redirectUri().equals(ctx.request().getFormAttribute("redirect_uri"))) {
      badCode(ctx);
      return;
    }
    String accessToken = UUID.randomUUID().toString();
    accessTokens.put(accessToken, grant.person());
    ctx.response().putHeader("Content-Type", "application/json").end(tokenResponse(accessToken, grant).encode());
  }

  /** Basic authentication, else the form's client_id and client_secret. */
  private static String[] clientCredentials(RoutingContext ctx) {
    String basic = ctx.request().getHeader("Authorization");
    if (basic != null && basic.startsWith("Basic ")) {
      String pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
    }
    return new String[] {ctx.request().getFormAttribute("client_id"), ctx.request().getFormAttribute("client_secret")};
  }

  /** The person behind the request's bearer token, or null after answering 401. */
  protected Person bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    Person person = header == null ? null : accessTokens.get(header.replaceFirst("^(?i)(bearer|token) ", ""));
    if (person == null) {
      ctx.response().setStatusCode(401).end(new JsonObject().put("message", "Bad credentials").encode());
    }
    return person;
  }

  protected static void json(RoutingContext ctx, Object body) {
    ctx.response().putHeader("Content-Type", "application/json").end(io.vertx.core.json.Json.encode(body));
  }

  @Override
  public void close() {
    await(server.close());
  }

  static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Gatehouse's variables for this peer: the client and linking on or off come from the test. */
  protected Map<String, String> client(Map<String, String> endpoints) {
    String prefix = name().toUpperCase();
    Map<String, String> out = new java.util.HashMap<>(endpoints);
    out.put(prefix + "_CLIENT_ID", clientId);
    out.put(prefix + "_CLIENT_SECRET", clientSecret);
    return out;
  }
}
