package io.gatehouse.oauth;

import io.gatehouse.accounts.AccountCreator;
import io.gatehouse.config.OAuthConfig;
import io.gatehouse.revocation.RevocationStore;
import io.gatehouse.store.Documents;
import io.gatehouse.store.StoreFailures;
import io.gatehouse.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * From a verified identity to a user (reference §5): by the provider's id, then by email, which then
 * must be one the provider confirmed. An account of another provider with that email is refused unless
 * {@code <PROVIDER>_ALLOW_ACCOUNT_LINKING=true}, and even then when the account has the second factor on,
 * or a password and an address mail has not proven. New users only with
 * {@code ALLOW_SOCIAL_REGISTRATION=true}, except OpenID, which always provisions and knows users by
 * issuer and subject. Profile fields are refreshed on each login, and every node is told to drop its
 * cached copy.
 */
final class AccountLinker {
  /** The result: the user document, and whether it was created by this login. */
  record Linked(JsonObject user, boolean created) {
  }

  private final OAuthConfig config;
  private final UserStore users;
  private final RevocationStore announcements;
  /** Only then does an account's emailVerified mean its owner once read mail at the address. */
  private final boolean mailConfigured;

  AccountLinker(OAuthConfig config, UserStore users, RevocationStore announcements, boolean mailConfigured) {
    this.config = config;
    this.users = users;
    this.announcements = announcements;
    this.mailConfigured = mailConfigured;
  }

  /** {@code googleId}, {@code githubId}, ..., {@code openidId}: LibreChat's fields. */
  static String idField(String provider) {
    return provider + "Id";
  }

  Future<Linked> link(Identity identity) {
    if (identity.id() == null) {
      return Future.failedFuture(OAuthFailure.failed("profile_without_id"));
    }
    return users.findByField(idField(identity.provider()), identity.id()).compose(found -> {
      JsonObject known = byIssuer(found, identity);
      if (known != null) {
        return refreshed(known, identity, new JsonObject());
      }
      if (identity.email() == null) {
        return Future.failedFuture(OAuthFailure.refused("no_email"));
      }
      return users.findByEmail(identity.email()).compose(user -> user == null ? create(identity) : byEmail(user, identity));
    });
  }

  /** OpenID users are the same person only under the same issuer (rows from before issuers count as OPENID_ISSUER's). */
  private JsonObject byIssuer(List<JsonObject> found, Identity identity) {
    for (JsonObject user : found) {
      String issuer = user.getString("openidIssuer");
      if (identity.issuer() == null || identity.issuer().equals(issuer) || issuer == null) {
        return user;
      }
    }
    return null;
  }

  private Future<Linked> byEmail(JsonObject user, Identity identity) {
    String field = idField(identity.provider());
    Object storedId = user.getValue(field);
    if (storedId != null && !Objects.equals(String.valueOf(storedId), identity.id())) {
      // another account at this provider once used this email: not the same person
      return Future.failedFuture(OAuthFailure.refused("email_bound_to_other_" + identity.provider() + "_account"));
    }
    if (!identity.emailVerified()) {
      // an address the provider has not confirmed says nothing about who owns this account
      return Future.failedFuture(OAuthFailure.refused("unverified_email_cannot_link"));
    }
    JsonObject set = new JsonObject().put(field, identity.id());
    if (identity.issuer() != null) {
      set.put("openidIssuer", identity.issuer());
    }
    if (identity.provider().equals(user.getString("provider"))) {
      return refreshed(user, identity, set);
    }
    OAuthConfig.Client client = config.clients().get(identity.provider());
    if (client == null || !client.allowAccountLinking()) {
      return Future.failedFuture(OAuthFailure.refused("email_owned_by_" + user.getString("provider")));
    }
    String refusal = linkRefusal(user);
    if (refusal != null) {
      return Future.failedFuture(OAuthFailure.refused(refusal));
    }
    return update(user, set).map(v -> new Linked(user.mergeIn(set), false));
  }

  /**
   * Why this account must not take the provider id, or null. Whoever registered an address without
   * proving it (no mail: every registration is verified) would keep the password into the linked
   * account; and a social login does not ask for the second factor an account has enabled.
   */
  private String linkRefusal(JsonObject user) {
    if (Boolean.TRUE.equals(user.getValue("twoFactorEnabled"))) {
      return "link_refused_two_factor";
    }
    boolean proven = mailConfigured && Boolean.TRUE.equals(user.getValue("emailVerified"));
    if (user.getValue("password") != null && !proven) {
      return "link_refused_unproven_email";
    }
    return null;
  }

  private Future<Linked> create(Identity identity) {
    boolean openid = identity.issuer() != null;
    if (!openid && !config.allowSocialRegistration()) {
      return Future.failedFuture(OAuthFailure.refused("registration_disabled"));
    }
    // Facebook and Apple hand out confirmed addresses only (LibreChat trusts both); the others say so
    boolean verified = switch (identity.provider()) {
      case OAuthConfig.FACEBOOK, OAuthConfig.APPLE -> true;
      default -> identity.emailVerified();
    };
    JsonObject user = AccountCreator.newDocument(identity.name(), identity.username(), identity.email(), verified, null,
      identity.provider(), identity.role() != null ? identity.role() : AccountCreator.ROLE_USER)
      .put("avatar", identity.avatar())
      .put(idField(identity.provider()), identity.id());
    if (openid) {
      user.put("openidIssuer", identity.issuer());
    }
    return users.insert(user)
      .map(id -> new Linked(user.put("_id", id), true))
      .recover(error -> StoreFailures.isDuplicateKey(error)
        ? Future.failedFuture(OAuthFailure.failed("concurrent_registration"))
        : Future.failedFuture(error));
  }

  /**
   * A returning user: avatar (unless the user set one by hand), email (if the provider confirmed it), and
   * for OpenID username, name and role, as LibreChat refreshes them.
   */
  private Future<Linked> refreshed(JsonObject user, Identity identity, JsonObject set) {
    String avatar = user.getString("avatar");
    if (identity.avatar() != null && (avatar == null || !avatar.contains("?manual=true"))) {
      set.put("avatar", identity.avatar());
    }
    // an unconfirmed address must not replace the account's (LibreChat takes any)
    if (identity.email() != null && identity.emailVerified()
      && !UserStore.normalizeEmail(identity.email()).equals(user.getString("email"))) {
      set.put("email", UserStore.normalizeEmail(identity.email()));
    }
    if (identity.issuer() != null) {
      putIfPresent(set, "username", identity.username());
      putIfPresent(set, "name", identity.name());
      putIfPresent(set, "role", identity.role());
    }
    set.fieldNames().removeIf(field -> Objects.equals(set.getValue(field), user.getValue(field)));
    if (set.isEmpty()) {
      return Future.succeededFuture(new Linked(user, false));
    }
    return update(user, set)
      .recover(error -> {
        if (StoreFailures.isDuplicateKey(error) && set.remove("email") != null) {
          // the new address belongs to another account: log in, keep the old one
          return set.isEmpty() ? Future.succeededFuture() : update(user, set);
        }
        return Future.failedFuture(error);
      })
      .map(v -> new Linked(user.mergeIn(set), false));
  }

  private Future<Void> update(JsonObject user, JsonObject set) {
    String id = Documents.id(user.getValue("_id"));
    return users.update(id, set).compose(v -> announcements.userChanged(id).recover(e -> Future.succeededFuture()));
  }

  private static void putIfPresent(JsonObject set, String field, String value) {
    if (value != null) {
      set.put(field, value);
    }
  }
}
