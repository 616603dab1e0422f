package io.gatehouse.moderation;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Services;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The moderation verticle's service ({@link Addresses#MODERATION}): violations and the bans they lead to.
 * Whether someone is banned is read from the node's {@link BanCache}, in memory, by whoever asks.
 */
@ProxyGen
@VertxGen
public interface Moderation {
  long TIMEOUT_MS = 10_000;

  /** The typed client of this node's moderation verticle. */
  static Moderation client(Vertx vertx) {
    return new ModerationVertxEBProxy(vertx, Addresses.MODERATION, Services.local(TIMEOUT_MS));
  }

  /**
   * Scores one violation of {@code type} (LibreChat's types: logins, registrations, message_limit,
   * concurrent, non_browser, ...) against the address, and against {@code userId} only when the request
   * carried that user's own credentials (a bearer or temp token, a device cookie); both are banned when a
   * threshold is crossed. A null {@code score} means the type's configured score (1 for unknown types).
   * Answers whether this violation banned. Refused with {@code INVALID_INPUT} without a type.
   */
  Future<Boolean> report(String type, String userId, String ip, Long score);
}
