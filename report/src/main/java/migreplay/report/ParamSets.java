package migreplay.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What tells one algorithm's parameter sets apart in a sweep: of each {@code params} string
 * ({@code key=value} pairs joined by {@code ;}), the pairs not shared by all of the algorithm's sets. The
 * stdout table and the report label runs with it, so that a sweep's rows do not look identical.
 */
public final class ParamSets {
  private ParamSets() {}

  /** The pairs of a {@code params} string ({@code a=1;b=2}), in their order; empty for {@code ""}. */
  public static Map<String, String> parse(String params) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : params.split(";")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        out.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    return out;
  }

  /** {@code key=value} pairs joined by a space: {@code hot_policy=none max_bandwidth=32MiB/s}. */
  public static String words(Map<String, String> pairs) {
    List<String> out = new ArrayList<>();
    pairs.forEach((k, v) -> out.add(k + "=" + v));
    return String.join(" ", out);
  }

  /**
   * @param paramSets every params string of one algorithm
   * @return for each, its distinguishing pairs joined by a space ({@code ""} when the algorithm has one set)
   */
  public static Map<String, String> distinguishing(Collection<String> paramSets) {
    Set<String> common = null;
    for (String p : paramSets) {
      Set<String> kv = new HashSet<>(Arrays.asList(p.split(";")));
      if (common == null) {
        common = kv;
      } else {
        common.retainAll(kv);
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String p : paramSets) {
      List<String> differing = new ArrayList<>();
      for (String kv : p.split(";")) {
        if (!kv.isEmpty() && !common.contains(kv)) {
          differing.add(kv);
        }
      }
      out.put(p, String.join(" ", differing));
    }
    return out;
  }
}
