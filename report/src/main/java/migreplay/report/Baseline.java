package migreplay.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tech.tablesaw.api.Table;

/**
 * What the report compares every run against: an algorithm, optionally with some of its parameters fixed
 * ({@code --baseline qemu-precopy:hot_policy=none}, {@code xen-precopy}).
 *
 * <p>A run is compared with the baseline run on the same trace and network ({@link Comparison#KEY}) whose
 * parameters include the fixed ones and agree with the run's own on every other parameter they share: with
 * {@code qemu-precopy:hot_policy=none}, {@code hot_policy=paper max_bandwidth=32MiB/s} is compared with
 * {@code hot_policy=none max_bandwidth=32MiB/s}; {@code improved-precopy max_rounds=5} with {@code xen-precopy
 * max_rounds=5}. When no baseline run agrees, the first in run order is taken.
 *
 * <p>When the baseline algorithm was swept over parameters none of which is fixed, its own runs would each be
 * compared with themselves; so the parameter swept first (the first {@code -p}: it changes slowest in run
 * order) is pinned to its first value, and the algorithm's other parameter sets are compared with that one:
 * a sweep {@code -p max_bandwidth=32MiB/s,128MiB/s} is read against {@code max_bandwidth=32MiB/s}, a sweep
 * {@code -p hot_policy=none,paper -p max_bandwidth=32MiB/s,128MiB/s} as each policy against {@code none} at the
 * same {@code max_bandwidth}.
 *
 * @param algorithm the baseline algorithm
 * @param fixed parameters named on the command line, in normal form
 * @param pinned the parameter pinned because the algorithm was swept (empty when none was)
 * @param why how it was chosen, for the report's first lines
 */
public record Baseline(String algorithm, Map<String, String> fixed, Map<String, String> pinned, String why) {
  /** The default baseline where its runs are present: the pre-copy every other algorithm is measured against. */
  public static final String DEFAULT_ALGORITHM = "xen-precopy";

  public Baseline {
    // Insertion order, not Map.copyOf's (which varies between JVMs): labels must be byte-identical.
    fixed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
    pinned = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pinned));
  }

  /** Turns a parameter value into its normal form, or fails saying what the algorithm accepts. */
  @FunctionalInterface
  public interface Normalizer {
    /**
     * @throws IllegalArgumentException when the algorithm does not take the parameter or the value is not accepted
     */
    String normalize(String algorithm, String key, String value);
  }

  /** What {@code --baseline} asked for: an algorithm and parameters, not yet checked against any results. */
  public record Request(String algorithm, Map<String, String> fixed) {
    public Request {
      fixed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
    }

    /**
     * Parses {@code ALG} or {@code ALG:key=value[,key=value...]}, each value normalized.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static Request parse(String text, Normalizer normalizer) {
      String t = text.trim();
      int colon = t.indexOf(':');
      String algorithm = colon < 0 ? t : t.substring(0, colon).trim();
      if (algorithm.isEmpty()) {
        throw new IllegalArgumentException("expected an algorithm, optionally with parameters: ALG or "
            + "ALG:name=value[,name=value...], e.g. qemu-precopy:hot_policy=none");
      }
      Map<String, String> fixed = new LinkedHashMap<>();
      if (colon >= 0) {
        for (String kv : t.substring(colon + 1).split(",", -1)) {
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("expected name=value after '" + algorithm + ":', e.g. " + algorithm
                + ":max_bandwidth=128MiB/s; found " + migreplay.io.Quote.of(kv));
          }
          String key = kv.substring(0, eq).trim();
          if (fixed.containsKey(key)) {
            throw new IllegalArgumentException("parameter " + key + " given twice");
          }
          fixed.put(key, normalizer.normalize(algorithm, key, kv.substring(eq + 1).trim()));
        }
      }
      return new Request(algorithm, fixed);
    }
  }

  /** The algorithm and every parameter that picks its runs: {@code qemu-precopy hot_policy=none}. */
  public String label() {
    Map<String, String> all = new LinkedHashMap<>(fixed);
    all.putAll(pinned);
    return all.isEmpty() ? algorithm : algorithm + " " + ParamSets.words(all);
  }

  /** Whether a run of {@code runAlgorithm} with these parameters may serve as a baseline run. */
  boolean candidate(String runAlgorithm, Map<String, String> params, boolean forOwnAlgorithm) {
    if (!runAlgorithm.equals(algorithm)) {
      return false;
    }
    for (Map.Entry<String, String> e : fixed.entrySet()) {
      if (!e.getValue().equals(params.get(e.getKey()))) {
        return false;
      }
    }
    if (forOwnAlgorithm) {
      for (Map.Entry<String, String> e : pinned.entrySet()) {
        if (!e.getValue().equals(params.get(e.getKey()))) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether a baseline run's parameters agree with a run's on everything they share but what is fixed. */
  boolean agrees(Map<String, String> baseParams, Map<String, String> runParams, boolean sameAlgorithm) {
    for (Map.Entry<String, String> e : baseParams.entrySet()) {
      String k = e.getKey();
      if (fixed.containsKey(k) || (sameAlgorithm && pinned.containsKey(k)) || !runParams.containsKey(k)) {
        continue;
      }
      if (!runParams.get(k).equals(e.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The baseline for {@code runs}: the one asked for, else {@value #DEFAULT_ALGORITHM} where it has runs, else
   * the first algorithm in run order; with the parameter swept first pinned when the algorithm was swept and
   * nothing it was swept over is fixed.
   *
   * @param request {@code --baseline}, or null
   * @throws Comparison.UnknownBaselineException when the request has no runs in the results
   */
  public static Baseline choose(Request request, Table runs, String where) {
    Table t = runs.sortAscendingOn("run_id");
    Set<String> algorithms = new LinkedHashSet<>(t.stringColumn("algorithm").asList());
    String why;
    String algorithm;
    Map<String, String> fixed = request == null ? Map.of() : request.fixed();
    if (request != null) {
      algorithm = request.algorithm();
      if (!algorithms.contains(algorithm)) {
        throw new Comparison.UnknownBaselineException("no runs of '" + algorithm + "' in " + where
            + "; algorithms there: " + String.join(", ", new TreeSet<>(algorithms)));
      }
      why = "chosen with --baseline";
    } else if (algorithms.contains(DEFAULT_ALGORITHM)) {
      algorithm = DEFAULT_ALGORITHM;
      why = "the default where its runs are present; --baseline chooses another";
    } else {
      algorithm = algorithms.iterator().next();
      why = algorithms.size() == 1 ? "the only algorithm in the results" : "the first algorithm in the results ("
          + DEFAULT_ALGORITHM + " has no runs there); --baseline chooses another";
    }
    // The algorithm's parameter sets in run order, and those with the fixed values.
    List<Map<String, String>> sets = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < t.rowCount(); i++) {
      String p = t.stringColumn("params").get(i);
      if (t.stringColumn("algorithm").get(i).equals(algorithm) && !seen.contains(p)) {
        seen.add(p);
        sets.add(ParamSets.parse(p));
      }
    }
    Baseline unpinned = new Baseline(algorithm, fixed, Map.of(), why);
    List<Map<String, String>> matching = sets.stream().filter(s -> unpinned.candidate(algorithm, s, true)).toList();
    if (matching.isEmpty()) {
      throw new Comparison.UnknownBaselineException("no runs of " + unpinned.label() + " in " + where + "; its "
          + "parameter sets there: " + String.join(" | ", ParamSets.distinguishing(seen).values().stream()
              .map(v -> v.isEmpty() ? "(one set)" : v).toList()));
    }
    List<String> swept = sweptKeys(sets);
    boolean fixedSwept = swept.stream().anyMatch(fixed::containsKey);
    List<String> sweptAmongMatching = sweptKeys(matching);
    if (fixedSwept || sweptAmongMatching.isEmpty()) {
      return unpinned;
    }
    String first = sweptAmongMatching.get(0);
    String value = matching.get(0).get(first);
    return new Baseline(algorithm, fixed, Map.of(first, value), why + "; " + algorithm + " was swept over "
        + String.join(", ", sweptAmongMatching) + ", so its sets are compared with " + first + "=" + value
        + ", the first value of the parameter swept first, the others equal");
  }

  /**
   * The keys whose values differ among {@code sets} (in run order), the one swept first (the outer loop of the
   * sweep: its value changes last along the run order) first.
   */
  static List<String> sweptKeys(List<Map<String, String>> sets) {
    Map<String, Integer> firstChange = new LinkedHashMap<>();
    for (int i = 1; i < sets.size(); i++) {
      for (Map.Entry<String, String> e : sets.get(i).entrySet()) {
        if (!e.getValue().equals(sets.get(0).get(e.getKey()))) {
          firstChange.putIfAbsent(e.getKey(), i);
        }
      }
    }
    List<String> keys = new ArrayList<>(firstChange.keySet());
    keys.sort((a, b) -> Integer.compare(firstChange.get(b), firstChange.get(a)));
    return keys;
  }
}
