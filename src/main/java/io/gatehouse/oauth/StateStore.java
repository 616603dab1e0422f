package io.gatehouse.oauth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Flows in Redis, shared by every node so the callback may land on any of them: written with a short
 * TTL at the start, taken with one GETDEL at the callback, so a state serves exactly once.
 */
public final class StateStore {
  static final String PREFIX = "gatehouse:oauth:state:";
  /** What {@link #random()} makes: 32 bytes, base64url. Anything else is refused before Redis. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final Redis redis;
  private final long ttlMs;
  private final SecureRandom random = new SecureRandom();

  public StateStore(Redis redis, long ttlMs) {
    this.redis = redis;
    this.ttlMs = ttlMs;
  }

  /** A fresh unguessable value: state, binding, PKCE verifier or nonce. */
  String random() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static boolean wellFormed(String value) {
    return value != null && TOKEN.matcher(value).matches();
  }

  Future<Void> save(Flow flow) {
    return redis.send(Request.cmd(Command.SET).arg(PREFIX + flow.state()).arg(flow.toJson().encode())
      .arg("PX").arg(ttlMs)).mapEmpty();
  }

  /** The flow of this state, removed in the same step; null when unknown, expired or already taken. */
  Future<Flow> take(String state) {
    if (!wellFormed(state)) {
      return Future.succeededFuture();
    }
    return redis.send(Request.cmd(Command.GETDEL).arg(PREFIX + state))
      .map(value -> value == null ? null : Flow.fromJson(state, new JsonObject(value.toString())));
  }
}
