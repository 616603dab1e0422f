package io.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The packages form layers: no package depends, directly or through others, on one that depends on it.
 * Read from the compiled classes by the JDK's own jdeps, so every reference counts, imports or not.
 */
@DisplayName("Package dependencies")
class PackageCyclesTest {
  private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.gatehouse\\S*)\\s+->\\s+(io\\.gatehouse\\S*)\\s");

  @Test
  @DisplayName("have no cycles among Gatehouse's packages")
  void noCycles() {
    Map<String, Set<String>> graph = packageGraph();
    assertTrue(graph.size() > 15, "jdeps saw the packages: " + graph.keySet());
    List<List<String>> cycles = cycles(graph);
    assertEquals(List.of(), cycles, "package cycles");
  }

  @Test
  @DisplayName("keep the layers the README draws: stores and the bus below the services, HTTP above them")
  void layers() {
    Map<String, Set<String>> graph = packageGraph();
    for (String low : List.of("store", "bus", "config", "crypto", "revocation")) {
      for (String high : List.of("http", "tokens", "accounts", "oauth")) {
        assertFalse(graph.getOrDefault("io.gatehouse." + low, Set.of()).contains("io.gatehouse." + high),
          low + " must not depend on " + high);
      }
    }
  }

  private static Map<String, Set<String>> packageGraph() {
    Path classes = Path.of("target/classes");
    assertTrue(Files.isDirectory(classes.resolve("io/gatehouse")), "compiled classes in " + classes.toAbsolutePath());
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    StringWriter out = new StringWriter();
    int exit = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:package", "-filter:none",
      classes.toString());
    assertEquals(0, exit, out.toString());
    Map<String, Set<String>> graph = new TreeMap<>();
    for (String line : out.toString().split("\n")) {
      Matcher edge = EDGE.matcher(line);
      if (edge.find() && !edge.group(1).equals(edge.group(2))) {
        graph.computeIfAbsent(edge.group(1), p -> new TreeSet<>()).add(edge.group(2));
      }
    }
    return graph;
  }

  /** Tarjan's strongly connected components of more than one package. */
  private static List<List<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<List<String>> found = new ArrayList<>();
    for (String start : graph.keySet()) {
      if (!index.containsKey(start)) {
        connect(start, graph, index, low, stack, found);
      }
    }
    return found;
  }

  private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                              Map<String, Integer> low, Deque<String> stack, List<List<String>> found) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.push(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      if (!index.containsKey(next)) {
        connect(next, graph, index, low, stack, found);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (stack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      List<String> component = new ArrayList<>();
      String member;
      do {
        member = stack.pop();
        component.add(member);
      } while (!member.equals(node));
      if (component.size() > 1) {
        found.add(component);
      }
    }
  }
}
