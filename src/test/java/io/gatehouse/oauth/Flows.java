package io.gatehouse.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.oauth.peers.Peer;
import io.gatehouse.oauth.peers.Person;
import io.gatehouse.testing.Http;
import io.gatehouse.testing.Reachable;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The steps of a social login as a browser takes them, for the tests to run whole or to tamper with. */
public final class Flows {
  private Flows() {
  }

  /** {@code GET /oauth/<provider>}: the provider's authorisation URL Gatehouse sends the browser to. */
  public static String begin(Browser browser, Reachable node, Peer peer) {
    Http.Answer start = browser.get(Browser.SERVER + "/oauth/" + peer.name(), node);
    assertEquals(302, start.status(), start.text());
    return start.header("Location");
  }

  /**
   * The provider's side: the browser signs in (filling the provider's login form if it shows one),
   * consents, and is sent back to the callback with a code and the state.
   */
  public static String consent(Browser browser, Peer peer, String authorizeUrl, Reachable node) {
    Http.Answer consent = browser.get(authorizeUrl, node);
    if (consent.status() == 200 && peer.loginForm() != null) {
      consent = browser.postForm(authorizeUrl, node, peer.loginForm());
    }
    assertEquals(302, consent.status(), consent.text());
    String callback = consent.header("Location");
    assertTrue(callback.startsWith(Browser.SERVER + "/oauth/"), callback);
    return callback;
  }

  /** Delivers the provider's answer to the callback: a GET, or Apple's form post. */
  public static Http.Answer callback(Browser browser, Reachable node, Peer peer, String callbackUrl) {
    if (!peer.postsCallback()) {
      return browser.get(callbackUrl, node);
    }
    Map<String, String> form = new LinkedHashMap<>(query(callbackUrl));
    // Apple sends the name once, as JSON in the "user" field
    form.put("user", new JsonObject().put("name", new JsonObject().put("firstName", "Apple").put("lastName", "User"))
      .encode());
    String path = callbackUrl.substring(0, callbackUrl.indexOf('?'));
    return browser.postForm(path, node, form);
  }

  /** A whole login of this person, in one browser, on one node. */
  static Http.Answer login(Browser browser, Reachable node, Peer peer, Person person) {
    peer.nextUser(person);
    return callback(browser, node, peer, consent(browser, peer, begin(browser, node, peer), node));
  }

  public static void assertSignedIn(Http.Answer answer) {
    assertEquals(302, answer.status(), answer.text());
    assertEquals(Browser.CLIENT, answer.header("Location"), "the web app, which then refreshes");
    assertNotNull(answer.cookie("refreshToken"), "a refresh cookie");
    assertEquals("librechat", answer.cookie("token_provider"));
    assertTrue(answer.setCookie("refreshToken").contains("HttpOnly") && answer.setCookie("refreshToken")
      .contains("SameSite=Strict"), answer.setCookie("refreshToken"));
  }

  public static void assertAuthFailed(Http.Answer answer) {
    assertEquals(302, answer.status(), answer.text());
    assertEquals(Browser.AUTH_FAILED, answer.header("Location"));
    assertEquals(null, answer.cookie("refreshToken"), "no session");
  }

  /** The query parameters of a URL. */
  static Map<String, String> query(String url) {
    Map<String, String> out = new LinkedHashMap<>();
    String raw = URI.create(url).getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    return out;
  }

  /** The URL with one query parameter's value replaced. */
  static String withParam(String url, String name, String value) {
    Map<String, String> params = query(url);
    params.put(name, value);
    StringBuilder out = new StringBuilder(url.substring(0, url.indexOf('?') + 1));
    params.forEach((k, v) -> out.append(out.charAt(out.length() - 1) == '?' ? "" : "&")
      .append(k).append('=').append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return out.toString();
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
