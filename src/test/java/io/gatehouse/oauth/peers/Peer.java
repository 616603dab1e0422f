package io.gatehouse.oauth.peers;

import java.util.Map;

/** A provider on loopback speaking one provider's protocol, as the tests drive it. */
public interface Peer extends AutoCloseable {
  /** The Gatehouse route name: {@code /oauth/<name>}. */
  String name();

  /** The Gatehouse variables that enable this provider against this peer. */
  Map<String, String> variables();

  /** Who logs in at the next authorisation. */
  void nextUser(Person person);

  /** The provider's login form the browser fills in at the authorisation step, or null when it redirects at once. */
  default Map<String, String> loginForm() {
    return null;
  }

  /** Whether the provider returns an id_token (and so takes a nonce). */
  default boolean issuesIdToken() {
    return false;
  }

  /** Alters the claims of the next id_token after it is signed. */
  default void tamperNextIdToken() {
    throw new UnsupportedOperationException(name() + " issues no id_token");
  }

  /** Whether the browser posts the callback as a form (Apple). */
  default boolean postsCallback() {
    return false;
  }

  /** The provider-side id a user of {@link Person#id()} gets in Gatehouse's {@code <provider>Id}. */
  default String storedId(Person person) {
    return person.id();
  }

  @Override
  void close();
}
