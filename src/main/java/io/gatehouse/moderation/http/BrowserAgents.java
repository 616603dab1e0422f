package io.gatehouse.moderation.http;

import java.util.regex.Pattern;

/**
 * LibreChat's non-browser check (ua-parser finds no browser name) approximated by what every browser
 * sends and scripts do not: a {@code Mozilla/5.0} agent naming a browser engine or product.
 */
final class BrowserAgents {
  private static final Pattern BROWSER = Pattern.compile(
    "^Mozilla/5\\.0 .*(Chrome|Chromium|CriOS|Firefox|FxiOS|Safari|Edg|OPR|Opera|SamsungBrowser|Vivaldi|YaBrowser|"
      + "Trident|Gecko)/");

  private BrowserAgents() {
  }

  static boolean isBrowser(String userAgent) {
    return userAgent != null && userAgent.length() < 1024 && BROWSER.matcher(userAgent).find();
  }
}
