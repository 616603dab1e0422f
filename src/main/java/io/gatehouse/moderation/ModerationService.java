package io.gatehouse.moderation;

import io.gatehouse.bus.Failure;
import io.gatehouse.bus.Refused;
import io.gatehouse.config.ModerationConfig;
import io.gatehouse.ops.GatehouseMeters;
import io.vertx.core.Future;
import java.util.Arrays;

/** {@link Moderation}: the scores of violations, with each type's configured score. */
public final class ModerationService implements Moderation {
  private final Moderator moderator;
  private final ModerationConfig config;
  private final GatehouseMeters meters;

  public ModerationService(Moderator moderator, ModerationConfig config, GatehouseMeters meters) {
    this.moderator = moderator;
    this.config = config;
    this.meters = meters;
  }

  @Override
  public Future<Boolean> report(String type, String userId, String ip, Long score) {
    if (type == null || type.isBlank()) {
      return Future.failedFuture(new Refused(Failure.INVALID_INPUT, "type is required"));
    }
    return moderator.report(type, userId, ip, score != null ? score : defaultScore(type))
      .onSuccess(banned -> meters.violation(type));
  }

  private long defaultScore(String type) {
    if ("non_browser".equals(type)) {
      return config.nonBrowserScore();
    }
    return Arrays.stream(ModerationConfig.Limiter.values())
      .filter(limiter -> limiter.violationType().equals(type))
      .findFirst().map(limiter -> config.limit(limiter).score()).orElse(1L);
  }
}
