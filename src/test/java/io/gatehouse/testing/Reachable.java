package io.gatehouse.testing;

/**
 * A Gatehouse node a test sends requests to on 127.0.0.1: one in this JVM ({@link TestGatehouse}) or
 * one in a process of its own (reached through its {@link Http}).
 */
public interface Reachable {
  int port();
}
