package io.gatehouse.oauth.peers;

/** A user as a test provider knows them. */
public record Person(String id, String email, boolean emailVerified, String name, String username, String avatar) {
  /** A person whose every field derives from one word, verified. */
  public static Person named(String word) {
    return new Person("id-" + word, word + "@example.com", true, "Name " + word, word, "https://avatars.test/" + word + ".png");
  }

  public Person withEmail(String email) {
    return new Person(id, email, emailVerified, name, username, avatar);
  }

  public Person withId(String newId) {
    return new Person(newId, email, emailVerified, name, username, avatar);
  }

  public Person unverified() {
    return new Person(id, email, false, name, username, avatar);
  }
}
