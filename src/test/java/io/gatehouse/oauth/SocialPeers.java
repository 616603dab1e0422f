package io.gatehouse.oauth;

import io.gatehouse.oauth.peers.ApplePeer;
import io.gatehouse.oauth.peers.DiscordPeer;
import io.gatehouse.oauth.peers.FacebookPeer;
import io.gatehouse.oauth.peers.GitHubPeer;
import io.gatehouse.oauth.peers.MockIdp;
import io.gatehouse.oauth.peers.OidcPeer;
import io.gatehouse.oauth.peers.Peer;
import io.gatehouse.testing.TestGatehouse;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every provider on loopback, in a Vert.x of its own: a real OpenID Connect provider for Google and
 * OpenID, and servers speaking GitHub's, Discord's, Facebook's and Apple's protocols.
 */
public final class SocialPeers implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final MockIdp idp = new MockIdp(vertx);
  final Map<String, Peer> peers = new LinkedHashMap<>();

  SocialPeers() {
    for (Peer peer : new Peer[] {new OidcPeer(idp, "google"), new GitHubPeer(vertx), new DiscordPeer(vertx),
      new FacebookPeer(vertx), new ApplePeer(vertx, TestGatehouse.newDataDir()), new OidcPeer(idp, "openid")}) {
      peers.put(peer.name(), peer);
    }
  }

  Peer get(String name) {
    return peers.get(name);
  }

  /** Gatehouse's variables for every provider, with social login on and the public addresses of the tests. */
  Map<String, String> variables() {
    return variables(peers.values());
  }

  /** Gatehouse's variables for these providers, with social login on and the public addresses of the tests. */
  public static Map<String, String> variables(Collection<? extends Peer> providers) {
    Map<String, String> env = new HashMap<>();
    providers.forEach(peer -> env.putAll(peer.variables()));
    env.put("ALLOW_SOCIAL_LOGIN", "true");
    env.put("DOMAIN_SERVER", Browser.SERVER);
    env.put("DOMAIN_CLIENT", Browser.CLIENT);
    return env;
  }

  Browser browser(String ip) {
    return new Browser(vertx, ip);
  }

  @Override
  public void close() {
    peers.values().forEach(Peer::close);
    idp.close();
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the suite is over
    }
  }
}
