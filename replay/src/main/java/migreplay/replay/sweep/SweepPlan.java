package migreplay.replay.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import migreplay.replay.Algorithm;
import migreplay.replay.engine.RunOptions;

/**
 * The cross product a sweep runs, in a fixed order: traces (as given) × algorithms (as listed) × run options
 * (as listed) × each algorithm's parameter combinations (keys in the order given, values as listed). An
 * algorithm only varies over the parameters it takes, so listing {@code hot_policy} values adds no
 * duplicate {@code xen-precopy} runs.
 *
 * @param traces trace files
 * @param algorithms algorithms
 * @param options run options (e.g. one per bandwidth)
 * @param parameters parameter values by key, e.g. {@code max_rounds -> [29, 5]}
 */
public record SweepPlan(
    List<Path> traces, List<Algorithm> algorithms, List<RunOptions> options, Map<String, List<String>> parameters)
    implements java.io.Serializable {

  public SweepPlan {
    traces = List.copyOf(traces);
    algorithms = List.copyOf(algorithms);
    options = List.copyOf(options);
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    for (Map.Entry<String, List<String>> e : parameters.entrySet()) {
      boolean taken = algorithms.stream().anyMatch(a -> a.parameterKeys().contains(e.getKey()));
      if (!taken) {
        StringBuilder takes = new StringBuilder();
        for (Algorithm a : algorithms) {
          takes.append(takes.length() == 0 ? "" : "; ").append(a.label()).append(" takes ")
              .append(a.parameterKeys().isEmpty() ? "none" : String.join(", ", a.parameterKeys()));
        }
        throw new IllegalArgumentException("no chosen algorithm takes parameter " + e.getKey() + " (" + takes + ")");
      }
      if (e.getValue().isEmpty()) {
        throw new IllegalArgumentException("parameter " + e.getKey() + " has no values");
      }
    }
    // Every combination is built once here, so a value no algorithm accepts fails before any run starts.
    for (Algorithm a : algorithms) {
      for (Map<String, String> combo : combinations(parameters, a.parameterKeys())) {
        a.create(combo);
      }
    }
  }

  /** The runs, in plan order: {@link #specs(Path)} of each trace in turn. */
  public List<RunSpec> specs() {
    List<RunSpec> out = new ArrayList<>();
    for (Path trace : traces) {
      out.addAll(specs(trace));
    }
    return out;
  }

  /** The runs of one trace, in plan order (any trace: an engine may read a copy of one of {@link #traces}). */
  public List<RunSpec> specs(Path trace) {
    List<RunSpec> out = new ArrayList<>();
    for (Algorithm a : algorithms) {
      List<Map<String, String>> combos = combinations(parameters, a.parameterKeys());
      for (RunOptions o : options) {
        for (Map<String, String> p : combos) {
          out.add(new RunSpec(trace, a, p, o));
        }
      }
    }
    return out;
  }

  private static List<Map<String, String>> combinations(Map<String, List<String>> parameters, Set<String> keys) {
    List<Map<String, String>> combos = new ArrayList<>();
    combos.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> e : parameters.entrySet()) {
      if (!keys.contains(e.getKey())) {
        continue;
      }
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> c : combos) {
        for (String v : e.getValue()) {
          Map<String, String> m = new LinkedHashMap<>(c);
          m.put(e.getKey(), v);
          next.add(m);
        }
      }
      combos = next;
    }
    return combos;
  }
}
