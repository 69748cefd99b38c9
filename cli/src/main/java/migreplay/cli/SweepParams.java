package migreplay.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import migreplay.io.Quote;
import migreplay.replay.Algorithm;
import migreplay.replay.params.ParamSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The algorithm parameters of a {@code replay} sweep, from {@code -p name=v1,v2} and from the named options
 * ({@code --max-rounds 29,5} is {@code -p max_rounds=29,5}): each value is checked against the declarations of
 * the chosen algorithms that take it, and a bad one is a usage error naming the option it came from.
 */
final class SweepParams {
  private final CommandSpec spec;
  private final List<Algorithm> algorithms;
  private final Map<String, List<String>> values = new LinkedHashMap<>();
  private final Map<String, String> optionOf = new LinkedHashMap<>();

  SweepParams(CommandSpec spec, List<Algorithm> algorithms) {
    this.spec = spec;
    this.algorithms = List.copyOf(algorithms);
  }

  /** Values of a named option ({@code --max-rounds}), or nothing when it was not given. */
  void put(String option, String name, List<String> given) {
    if (given != null) {
      add(option, name, given);
    }
  }

  /** One {@code -p name=v1,v2}. */
  void putParam(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw Converters.invalid(spec, "--param", text, "expected name=value[,value...], e.g. max_rounds=29,5");
    }
    add("--param", text.substring(0, eq).trim(), Arrays.asList(text.substring(eq + 1).split(",", -1)));
  }

  Map<String, List<String>> values() {
    return values;
  }

  private void add(String option, String name, List<String> given) {
    if (values.containsKey(name)) {
      throw Converters.invalid(spec, option, null, "parameter " + name + " given twice (" + optionOf.get(name)
          + " and " + option + "); give all its values once, e.g. " + name + "=a,b");
    }
    List<Algorithm> takers = algorithms.stream().filter(a -> a.param(name) != null).toList();
    if (takers.isEmpty()) {
      throw Converters.invalid(spec, option, option.equals("--param") ? name : null, notTaken(name));
    }
    List<String> normal = new ArrayList<>();
    for (String v : given) {
      for (Algorithm a : takers) {
        try {
          a.param(name).normalize(v);
        } catch (IllegalArgumentException e) {
          String what = option.equals("--param") ? name + "=" + Quote.of(v) : Quote.of(v);
          throw Converters.invalid(spec, option, null, what + ": " + e.getMessage());
        }
      }
      normal.add(v.trim());
    }
    for (int i = 0; i < normal.size(); i++) { // the same value twice would give two identical runs
      for (int j = 0; j < i; j++) {
        if (sameValue(takers, name, normal.get(i), normal.get(j))) {
          throw Converters.invalid(spec, option, null, name + ": " + Quote.of(normal.get(j)) + " and "
              + Quote.of(normal.get(i)) + " are the same value; give each value once");
        }
      }
    }
    values.put(name, normal);
    optionOf.put(name, option);
  }

  /** Whether two values of a parameter mean the same for every algorithm that takes it (32MiB/s and 33554432B/s). */
  private static boolean sameValue(List<Algorithm> takers, String name, String a, String b) {
    for (Algorithm alg : takers) {
      if (!alg.param(name).normalize(a).equals(alg.param(name).normalize(b))) {
        return false;
      }
    }
    return true;
  }

  private String notTaken(String name) {
    boolean known = Arrays.stream(Algorithm.values()).anyMatch(a -> a.param(name) != null);
    if (known) {
      StringBuilder b = new StringBuilder("no chosen algorithm takes " + name + " (");
      for (Algorithm a : algorithms) {
        String names = String.join(", ", a.params().stream().map(ParamSpec::name).toList());
        b.append(a == algorithms.get(0) ? "" : "; ").append(a.label()).append(" takes ")
            .append(a.params().isEmpty() ? "none" : names.length() <= LISTED ? names
                : a.params().size() + " others: `migreplay algorithms` lists them");
      }
      return b.append(")").toString();
    }
    TreeSet<String> all = new TreeSet<>();
    for (Algorithm a : Algorithm.values()) {
      a.params().forEach(p -> all.add(p.name()));
    }
    String near = nearest(name, all);
    return "unknown parameter; " + (near != null ? "did you mean " + near + "? " : "")
        + "`migreplay algorithms` lists what each algorithm takes";
  }

  /** Longest list of parameter names a message spells out (a message stays one readable line). */
  static final int LISTED = 300;

  /** The known name sharing the longest prefix (at least 4 characters) with {@code name}, or null. */
  static String nearest(String name, SortedSet<String> known) {
    String best = null;
    int bestLen = 3;
    for (String k : known) {
      int n = 0;
      while (n < Math.min(k.length(), name.length()) && k.charAt(n) == name.charAt(n)) {
        n++;
      }
      if (n > bestLen) {
        best = k;
        bestLen = n;
      }
    }
    return best;
  }
}
