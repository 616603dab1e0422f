package io.gatehouse.http;

import io.gatehouse.crypto.JwtSegments;
import io.gatehouse.revocation.RevocationList;
import io.gatehouse.tokens.Tokens;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code requireJwtAuth}: the access token from {@code Authorization: Bearer} only, verified in memory.
 * Failures are 401 {@code {message}} with jsonwebtoken's wording where it tells the client something.
 * A token issued before its user's revocation (password reset, deletion, ban) is refused at once.
 */
public final class BearerAuth implements Handler<RoutingContext> {
  private static final String KEY = "gatehouse.claims";
  private final Tokens tokens;
  private final RevocationList revocations;

  public BearerAuth(Tokens tokens, RevocationList revocations) {
    this.tokens = tokens;
    this.revocations = revocations;
  }

  /** The verified claims of the request's access token. */
  public static JsonObject claims(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  public static String userId(RoutingContext ctx) {
    return claims(ctx).getString("id");
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      Answers.message(ctx, 401, "No auth token");
      return;
    }
    String token = header.substring(7).strip();
    tokens.verifyAccess(token).onComplete(result -> {
      if (result.succeeded()) {
        ctx.put(KEY, result.result());
        ctx.next();
      } else {
        Answers.message(ctx, 401, describeRejection(token));
      }
    });
  }

  /**
   * The second half of the check, run after the moderation guards so that a banned user hears about
   * the ban (403) rather than a bare 401: a token issued before its user's revocation is refused.
   */
  public void refuseRevoked(RoutingContext ctx) {
    JsonObject claims = claims(ctx);
    if (!revocations.isEmpty() && revocations.isRevoked(claims.getString("id"), Tokens.issuedAtMs(claims))) {
      Answers.message(ctx, 401, "Unauthorized");
    } else {
      ctx.next();
    }
  }

  /** Why a token was refused, judged from its shape only (its claims are not trusted). */
  static String describeRejection(String token) {
    JsonObject payload = JwtSegments.payload(token);
    if (payload == null) {
      return "jwt malformed";
    }
    if (payload.getValue("exp") instanceof Number exp && exp.longValue() * 1000 <= System.currentTimeMillis()) {
      return "jwt expired";
    }
    return "invalid signature";
  }
}
