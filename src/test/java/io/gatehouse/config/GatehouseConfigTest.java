package io.gatehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The typed configuration")
class GatehouseConfigTest {
  @Test
  @DisplayName("has LibreChat's defaults")
  void defaults() {
    GatehouseConfig config = GatehouseConfig.from(Map.of());
    assertEquals(3080, config.port());
    assertEquals(Path.of("./data"), config.dataDir());
    assertNull(config.mongoUri());
    assertTrue(config.embeddedMongo());
    assertEquals(900_000, config.sessionExpiryMs());
    assertEquals(604_800_000, config.refreshTokenExpiryMs());
    assertEquals(10_000, config.refreshReuseGraceMs());
    assertEquals(90L * 24 * 60 * 60 * 1000, config.deviceCookieExpiryMs());
    assertEquals(new ModerationConfig.Quota(10, 15), config.moderation().loginAccount());
    assertEquals(new ModerationConfig.Quota(3, 60), config.moderation().resetMail());
    assertEquals(new ModerationConfig.Quota(3, 60), config.moderation().verifyMail());
    assertTrue(config.allowEmailLogin());
    assertFalse(config.allowRegistration());
    assertFalse(config.allowUnverifiedEmailLogin());
    assertEquals(8, config.minPasswordLength());
    assertEquals(1, config.trustProxyHops());
    assertEquals("LibreChat", config.appTitle());
    assertFalse(config.secureCookies());
    assertEquals("http://localhost:3080", config.clientBase());
  }

  @Test
  @DisplayName("with other store URIs keeps every other setting it was loaded with (the scripts' view of conf/gatehouse.env)")
  void withStores() {
    GatehouseConfig loaded = GatehouseConfig.from(Map.of("DATA_DIR", "/srv/gatehouse", "SESSION_EXPIRY", "1000 * 60 * 5",
      "BAN_DURATION", "1000 * 60", "MONGO_URI", "mongodb://db:27017/LibreChat", "APP_TITLE", "Chat"));
    GatehouseConfig moved = loaded.withStores(null, "redis://127.0.0.1:6390");
    assertNull(moved.mongoUri());
    assertEquals("redis://127.0.0.1:6390", moved.redisUri());
    assertEquals(loaded, moved.withStores(loaded.mongoUri(), loaded.redisUri()));
    assertEquals(300_000, moved.sessionExpiryMs());
    assertEquals(Path.of("/srv/gatehouse"), moved.dataDir());
    assertEquals("Chat", moved.appTitle());
  }

  @Test
  @DisplayName("serves metrics on loopback port 9464 unless METRICS_ENABLED=false; METRICS_PORT is checked")
  void metrics() {
    GatehouseConfig defaults = GatehouseConfig.from(Map.of());
    assertTrue(defaults.metricsEnabled());
    assertEquals("127.0.0.1", defaults.metricsHost());
    assertEquals(9464, defaults.metricsPort());
    GatehouseConfig set = GatehouseConfig.from(Map.of("METRICS_ENABLED", "false", "METRICS_HOST", "0.0.0.0",
      "METRICS_PORT", "9100"));
    assertFalse(set.metricsEnabled());
    assertEquals("0.0.0.0", set.metricsHost());
    assertEquals(9100, set.metricsPort());
    assertThrows(ConfigException.class, () -> GatehouseConfig.from(Map.of("METRICS_PORT", "70000")));
  }

  @Test
  @DisplayName("evaluates expressions and LibreChat's isEnabled")
  void values() {
    GatehouseConfig config = GatehouseConfig.from(Map.of(
      "SESSION_EXPIRY", "1000 * 60 * 5", "ALLOW_REGISTRATION", " TRUE ", "ALLOW_EMAIL_LOGIN", "yes",
      "TRUST_PROXY", "0", "DOMAIN_CLIENT", "https://chat.example.com/", "DEVICE_COOKIE_EXPIRY", "1000 * 60 * 60 * 24 * 30",
      "LOGIN_ACCOUNT_MAX", "5", "LOGIN_ACCOUNT_WINDOW", "30"));
    assertEquals(300_000, config.sessionExpiryMs());
    assertTrue(config.allowRegistration());
    assertFalse(config.allowEmailLogin(), "anything but 'true' is false, as in LibreChat");
    assertEquals(0, config.trustProxyHops(), "0 means trust no proxy");
    assertEquals("https://chat.example.com", config.clientBase());
    assertEquals(30L * 24 * 60 * 60 * 1000, config.deviceCookieExpiryMs());
    assertEquals(new ModerationConfig.Quota(5, 30), config.moderation().loginAccount());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
    "PORT|eighty", "PORT|70000", "SESSION_EXPIRY|15 minutes", "SESSION_EXPIRY|0", "REFRESH_TOKEN_EXPIRY|-1",
    "REFRESH_REUSE_GRACE|-5", "DEVICE_COOKIE_EXPIRY|0", "LOGIN_ACCOUNT_MAX|0", "RESET_PASSWORD_EMAIL_MAX|-1",
    "VERIFY_EMAIL_EMAIL_WINDOW|soon", "TRUST_PROXY|yes", "MIN_PASSWORD_LENGTH|0", "MIN_PASSWORD_LENGTH|200"})
  @DisplayName("refuses a bad value with a message naming the variable")
  void badValues(String name, String value) {
    ConfigException error = assertThrows(ConfigException.class, () -> GatehouseConfig.from(Map.of(name, value)));
    assertTrue(error.getMessage().startsWith(name + " "), error.getMessage());
  }

  @ParameterizedTest(name = "SESSION_COOKIE_SECURE={0} NODE_ENV={1} DOMAIN_SERVER={2} -> {3}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
    "true|-|-|true", "false|production|https://chat.example.com|false",
    "-|production|https://chat.example.com|true", "-|production|http://localhost:3080|false",
    "-|production|http://app.localhost|false", "-|production|http://127.0.0.1:3080|false",
    "-|development|https://chat.example.com|false", "-|-|-|false"})
  @DisplayName("decides the Secure cookie flag by LibreChat's rule")
  void secureCookies(String forced, String nodeEnv, String domainServer, boolean expected) {
    Map<String, String> env = new java.util.HashMap<>();
    if (forced != null) {
      env.put("SESSION_COOKIE_SECURE", forced);
    }
    if (nodeEnv != null) {
      env.put("NODE_ENV", nodeEnv);
    }
    if (domainServer != null) {
      env.put("DOMAIN_SERVER", domainServer);
    }
    assertEquals(expected, GatehouseConfig.from(env).secureCookies());
  }

  @Test
  @DisplayName("reads LibreChat's mail variables: Mailgun wins, then SMTP; encryption and defaults as LibreChat's")
  void mail() {
    MailSettings none = GatehouseConfig.from(Map.of()).recovery().mail();
    assertEquals(MailSettings.Transport.NONE, none.transport());
    assertFalse(none.configured());
    Map<String, String> smtp = Map.of("EMAIL_HOST", "smtp.acme.test", "EMAIL_FROM", "noreply@acme.test",
      "EMAIL_ENCRYPTION", "STARTTLS", "DOMAIN_CLIENT", "https://chat.acme.test", "APP_TITLE", "Acme");
    MailSettings mail = GatehouseConfig.from(smtp).recovery().mail();
    assertEquals(MailSettings.Transport.SMTP, mail.transport());
    assertEquals(25, mail.port());
    assertEquals(MailSettings.Encryption.STARTTLS, mail.encryption());
    assertEquals("Acme", mail.fromName(), "EMAIL_FROM_NAME defaults to APP_TITLE");
    assertEquals(10_000, mail.sendTimeoutMs());
    java.util.HashMap<String, String> both = new java.util.HashMap<>(smtp);
    both.putAll(Map.of("MAILGUN_API_KEY", "key-1", "MAILGUN_DOMAIN", "mg.acme.test"));
    MailSettings mailgun = GatehouseConfig.from(both).recovery().mail();
    assertEquals(MailSettings.Transport.MAILGUN, mailgun.transport());
    assertEquals("https://api.mailgun.net", mailgun.mailgunHost());
    assertFalse(mailgun.toString().contains("key-1"), "the API key is not printed");
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("refuses mail settings that cannot work, naming the variable")
  @CsvSource(delimiter = '|', value = {
    "mail without DOMAIN_CLIENT | EMAIL_HOST=smtp.acme.test,EMAIL_FROM=a@acme.test | DOMAIN_CLIENT",
    "DOMAIN_CLIENT not a URL | EMAIL_HOST=smtp.acme.test,EMAIL_FROM=a@acme.test,DOMAIN_CLIENT=chat | DOMAIN_CLIENT",
    "unknown encryption | EMAIL_ENCRYPTION=ssl | EMAIL_ENCRYPTION",
    "username alone | EMAIL_USERNAME=mailer | EMAIL_PASSWORD",
    "a nodemailer service name | EMAIL_SERVICE=gmail,EMAIL_FROM=a@acme.test | EMAIL_SERVICE",
    "a short CREDS_KEY | CREDS_KEY=abc123 | CREDS_KEY",
    "MAILGUN_HOST not a URL | MAILGUN_HOST=api.mailgun.net | MAILGUN_HOST",
    "a send timeout no request should wait | EMAIL_SEND_TIMEOUT=60000 | EMAIL_SEND_TIMEOUT"})
  void mailRefusals(String why, String variables, String named) {
    Map<String, String> env = new java.util.HashMap<>();
    for (String pair : variables.split(",")) {
      env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    ConfigException refused = assertThrows(ConfigException.class, () -> GatehouseConfig.from(env), why);
    assertTrue(refused.getMessage().contains(named), refused.getMessage());
  }

  @Test
  @DisplayName("is not clustered by default; clustered, it reads members, hosts and ports with Hazelcast's default port")
  void cluster() {
    ClusterConfig alone = GatehouseConfig.from(Map.of()).cluster();
    assertFalse(alone.enabled());
    assertEquals("127.0.0.1", alone.host());
    assertEquals(5701, alone.port());
    assertEquals(0, alone.eventBusPort(), "a free event-bus port, told to the others through Hazelcast");
    assertEquals(Path.of("conf/cluster.xml"), alone.configFile());

    ClusterConfig set = GatehouseConfig.from(Map.of("CLUSTER", "true", "MONGO_URI", "mongodb://db/LibreChat",
      "REDIS_URI", "redis://cache", "JWT_SECRET", "s", "JWT_REFRESH_SECRET", "r",
      "CLUSTER_MEMBERS", " gatehouse , 10.0.0.7:5801,10.0.1.1-9,", "CLUSTER_PORT", "5801", "CLUSTER_HOST", "0.0.0.0",
      "EVENTBUS_PORT", "5802")).cluster();
    assertTrue(set.enabled());
    assertEquals(List.of(new ClusterConfig.Member("gatehouse", 5801), new ClusterConfig.Member("10.0.0.7", 5801),
      new ClusterConfig.Member("10.0.1.1-9", 5801)), set.members());
    assertTrue(set.anyHost());
    assertNull(set.eventBusHost(), "on every interface, the event bus takes the address Hazelcast picked");
    assertEquals(5802, set.eventBusPort());
  }

  @ParameterizedTest(name = "MONGO_URI={0} REDIS_URI={1}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {"-|-", "mongodb://db/LibreChat|-", "-|redis://cache"})
  @DisplayName("refuses clustered mode unless every node can share MONGO_URI and REDIS_URI, and says so")
  void clusterNeedsSharedStores(String mongo, String redis) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("CLUSTER", "true", "JWT_SECRET", "s",
      "JWT_REFRESH_SECRET", "r"));
    if (mongo != null) {
      env.put("MONGO_URI", mongo);
    }
    if (redis != null) {
      env.put("REDIS_URI", redis);
    }
    ConfigException error = assertThrows(ConfigException.class, () -> GatehouseConfig.from(env));
    assertTrue(error.getMessage().contains("needs MONGO_URI and REDIS_URI"), error.getMessage());
    assertTrue(error.getMessage().contains("bin/gatehouse stores"), error.getMessage());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {"CLUSTER_MEMBERS|host:70000", "CLUSTER_MEMBERS|a b", "CLUSTER_MEMBERS|h:x",
    "CLUSTER_MEMBERS|[::1]:5701", "CLUSTER_PORT|0", "CLUSTER_PORT|five", "EVENTBUS_PORT|-1"})
  @DisplayName("refuses a bad cluster value with a message naming the variable")
  void badClusterValues(String name, String value) {
    ConfigException error = assertThrows(ConfigException.class, () -> GatehouseConfig.from(Map.of(name, value)));
    assertTrue(error.getMessage().startsWith(name + " "), error.getMessage());
  }
}
