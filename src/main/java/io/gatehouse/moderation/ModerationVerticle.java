package io.gatehouse.moderation;

import io.gatehouse.bus.Addresses;
import io.gatehouse.bus.Failure;
import io.gatehouse.config.ModerationConfig;
import io.gatehouse.ops.GatehouseMeters;
import io.gatehouse.store.StoreFailures;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Violations and ban checks over the event bus: the moderation API other services can use too. */
public final class ModerationVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ModerationVerticle.class);

  private final Moderator moderator;
  private final BanCache bans;
  private final ModerationConfig config;
  private final GatehouseMeters meters;

  public ModerationVerticle(Moderator moderator, BanCache bans, ModerationConfig config, GatehouseMeters meters) {
    this.moderator = moderator;
    this.bans = bans;
    this.config = config;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    return Future.all(
      vertx.eventBus().<JsonObject>localConsumer(Addresses.MODERATION_REPORT, this::report).completion(),
      vertx.eventBus().<JsonObject>localConsumer(Addresses.MODERATION_CHECK, this::check).completion());
  }

  private void report(Message<JsonObject> message) {
    JsonObject body = message.body();
    String type = body.getString("type");
    if (type == null || type.isBlank()) {
      message.fail(Failure.INVALID_INPUT.code(), "type is required");
      return;
    }
    long score = body.getValue("score") instanceof Number n ? n.longValue() : defaultScore(type);
    moderator.report(type, body.getString("userId"), body.getString("ip"), score)
      .onSuccess(banned -> meters.violation(type))
      .onSuccess(banned -> message.reply(new JsonObject().put("banned", banned)))
      .onFailure(error -> fail(message, "report", error));
  }

  private void check(Message<JsonObject> message) {
    JsonObject body = message.body();
    long until = bans.until(body.getString("userId"), body.getString("ip"), System.currentTimeMillis());
    message.reply(new JsonObject().put("banned", until > 0).put("until", until));
  }

  private long defaultScore(String type) {
    if ("non_browser".equals(type)) {
      return config.nonBrowserScore();
    }
    return Arrays.stream(ModerationConfig.Limiter.values())
      .filter(limiter -> limiter.violationType().equals(type))
      .findFirst().map(limiter -> config.limit(limiter).score()).orElse(1L);
  }

  private static void fail(Message<?> message, String operation, Throwable error) {
    Failure failure = StoreFailures.classify(error);
    LOG.warn("Moderation {} failed: {}", operation, error.toString());
    message.fail(failure.code(), failure.name());
  }
}
