package migreplay.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The comparison of algorithms against a baseline algorithm. Each run is compared with the baseline's run on
 * the same trace and network ({@link #KEY}); when the baseline was swept over parameters, with the baseline
 * run whose parameters are all among the run's own (e.g. {@code max_rounds=5} with {@code max_rounds=5}),
 * else the first in run order. Data and total time are compared as a reduction in percent, (baseline − run) /
 * baseline × 100, positive when better; downtime as a change in milliseconds, run − baseline, since a
 * baseline downtime near zero makes any percentage explode.
 */
public final class Comparison {
  /** The network and trace a run is compared within. */
  static final String[] KEY = {"trace_name", "bandwidth_bps", "page_header_bytes", "start_us", "trace_end",
      "within_epoch", "resume_overhead_us"};

  private Comparison() {}

  /** The baseline asked for has no runs in the results: a bad option value, not bad data. */
  public static final class UnknownBaselineException extends IllegalArgumentException {
    UnknownBaselineException(String message) {
      super(message);
    }
  }

  /**
   * Checks that {@code baseline} has runs in the results.
   *
   * @throws UnknownBaselineException naming the algorithms there
   */
  static void requireBaseline(Table runs, String baseline, String where) {
    Set<String> algorithms = new TreeSet<>(runs.stringColumn("algorithm").asList());
    if (!algorithms.contains(baseline)) {
      throw new UnknownBaselineException("no runs of '" + baseline + "' in " + where + "; algorithms there: "
          + String.join(", ", algorithms));
    }
  }

  /**
   * One row per run, ordered by trace, bandwidth, then run order: what it measured, its baseline run
   * ({@code base_run_id}, missing when the baseline did not finish) and the changes against it.
   */
  public static Table table(Table runs, String baseline) {
    Table t = runs.sortAscendingOn("run_id");
    Map<String, List<Integer>> baseRows = new LinkedHashMap<>();
    for (int i = 0; i < t.rowCount(); i++) {
      if (t.stringColumn("algorithm").get(i).equals(baseline) && ok(t, i)) {
        baseRows.computeIfAbsent(key(t, i), k -> new ArrayList<>()).add(i);
      }
    }
    Table out = Table.create("comparison", StringColumn.create("trace"), LongColumn.create("bandwidth_bps"),
        StringColumn.create("algorithm"), StringColumn.create("params"), LongColumn.create("trace_laps"),
        StringColumn.create("status"), DoubleColumn.create("data_mib"), DoubleColumn.create("total_time_s"),
        DoubleColumn.create("downtime_ms"), IntColumn.create("rounds"), LongColumn.create("hot_pages"),
        DoubleColumn.create("data_reduction_pct"), DoubleColumn.create("time_reduction_pct"),
        DoubleColumn.create("downtime_change_ms"), LongColumn.create("run_id"), LongColumn.create("base_run_id"),
        DoubleColumn.create("dirty_ratio"));
    for (int i = 0; i < t.rowCount(); i++) {
      out.stringColumn("trace").append(t.stringColumn("trace_name").get(i));
      out.longColumn("bandwidth_bps").append(t.longColumn("bandwidth_bps").get(i));
      out.stringColumn("algorithm").append(t.stringColumn("algorithm").get(i));
      out.stringColumn("params").append(t.stringColumn("params").get(i));
      out.longColumn("trace_laps").append(t.longColumn("trace_laps").get(i));
      out.stringColumn("status").append(t.stringColumn("status").get(i));
      out.longColumn("run_id").append(t.longColumn("run_id").get(i));
      out.doubleColumn("dirty_ratio").appendMissing();
      Integer b = ok(t, i) ? baseline(t, i, baseRows.getOrDefault(key(t, i), List.of())) : null;
      if (!ok(t, i)) {
        for (String c : new String[] {"data_mib", "total_time_s", "downtime_ms", "data_reduction_pct",
            "time_reduction_pct", "downtime_change_ms"}) {
          out.doubleColumn(c).appendMissing();
        }
        out.intColumn("rounds").appendMissing();
        out.longColumn("hot_pages").appendMissing();
        out.longColumn("base_run_id").appendMissing();
        continue;
      }
      double bytes = t.longColumn("bytes_sent").get(i);
      double time = t.doubleColumn("total_time_s").get(i);
      double down = t.doubleColumn("downtime_s").get(i);
      out.doubleColumn("data_mib").append(bytes / 1048576.0);
      out.doubleColumn("total_time_s").append(time);
      out.doubleColumn("downtime_ms").append(down * 1000);
      out.intColumn("rounds").append(t.intColumn("rounds").get(i));
      out.longColumn("hot_pages").append(t.longColumn("hot_pages").get(i));
      if (b == null) {
        out.doubleColumn("data_reduction_pct").appendMissing();
        out.doubleColumn("time_reduction_pct").appendMissing();
        out.doubleColumn("downtime_change_ms").appendMissing();
        out.longColumn("base_run_id").appendMissing();
      } else {
        out.doubleColumn("data_reduction_pct").append(reduction(t.longColumn("bytes_sent").get(b), bytes));
        out.doubleColumn("time_reduction_pct").append(reduction(t.doubleColumn("total_time_s").get(b), time));
        out.doubleColumn("downtime_change_ms").append((down - t.doubleColumn("downtime_s").get(b)) * 1000);
        out.longColumn("base_run_id").append(t.longColumn("run_id").get(b));
      }
    }
    return out.sortAscendingOn("trace", "bandwidth_bps", "run_id");
  }

  /** Sets each run's ratio of its trace's mean dirty rate (bits/s) to its link's bandwidth. */
  static void dirtyRatios(Table comparison, Map<String, Double> dirtyBitsPerS) {
    for (int i = 0; i < comparison.rowCount(); i++) {
      Double rate = dirtyBitsPerS.get(comparison.stringColumn("trace").get(i));
      if (rate != null) {
        comparison.doubleColumn("dirty_ratio").set(i, rate / comparison.longColumn("bandwidth_bps").get(i));
      }
    }
  }

  private static boolean ok(Table t, int i) {
    return t.stringColumn("status").get(i).equals("ok");
  }

  private static String key(Table t, int i) {
    StringBuilder b = new StringBuilder();
    for (String k : KEY) {
      b.append(t.getString(i, k)).append('\u0000');
    }
    return b.toString();
  }

  /** The baseline row for row {@code i}: the first whose parameters are all among the run's, else the first. */
  private static Integer baseline(Table t, int i, List<Integer> candidates) {
    if (candidates.isEmpty()) {
      return null;
    }
    Set<String> own = new HashSet<>(Arrays.asList(t.stringColumn("params").get(i).split(";")));
    for (int c : candidates) {
      if (own.containsAll(Arrays.asList(t.stringColumn("params").get(c).split(";")))) {
        return c;
      }
    }
    return candidates.get(0);
  }

  private static double reduction(double base, double value) {
    return base == 0 ? Double.NaN : (base - value) / base * 100;
  }

  /**
   * Per algorithm, parameter set and bandwidth (never pooled across parameters or links), over the runs
   * compared with a baseline run other than themselves: runs, runs that looped the trace, mean reductions of
   * data and time, the median and largest downtime change in ms, how many runs had a worse downtime, mean and
   * largest rounds.
   */
  public static Table averages(Table comparison) {
    Map<List<Object>, List<Integer>> groups = new TreeMap<>((a, b) -> {
      int c = ((String) a.get(0)).compareTo((String) b.get(0));
      c = c != 0 ? c : ((String) a.get(1)).compareTo((String) b.get(1));
      return c != 0 ? c : Long.compare((Long) a.get(2), (Long) b.get(2));
    });
    for (int i = 0; i < comparison.rowCount(); i++) {
      if (comparison.longColumn("base_run_id").isMissing(i)
          || comparison.longColumn("base_run_id").get(i) == comparison.longColumn("run_id").get(i)) {
        continue;
      }
      groups.computeIfAbsent(List.of(comparison.stringColumn("algorithm").get(i),
          comparison.stringColumn("params").get(i), comparison.longColumn("bandwidth_bps").get(i)),
          k -> new ArrayList<>()).add(i);
    }
    Table out = Table.create("averages", StringColumn.create("algorithm"), StringColumn.create("params"),
        LongColumn.create("bandwidth_bps"), IntColumn.create("runs"), IntColumn.create("looped_runs"),
        DoubleColumn.create("data_reduction_pct"), DoubleColumn.create("time_reduction_pct"),
        DoubleColumn.create("downtime_change_median_ms"), DoubleColumn.create("downtime_change_max_ms"),
        IntColumn.create("downtime_worse_runs"), DoubleColumn.create("mean_rounds"),
        DoubleColumn.create("max_rounds"), BooleanColumn.create("all_looped"));
    groups.forEach((k, rows) -> {
      out.stringColumn("algorithm").append((String) k.get(0));
      out.stringColumn("params").append((String) k.get(1));
      out.longColumn("bandwidth_bps").append((Long) k.get(2));
      out.intColumn("runs").append(rows.size());
      int looped = (int) rows.stream().filter(r -> comparison.longColumn("trace_laps").get(r) > 1).count();
      out.intColumn("looped_runs").append(looped);
      out.booleanColumn("all_looped").append(looped == rows.size());
      out.doubleColumn("data_reduction_pct").append(mean(comparison.doubleColumn("data_reduction_pct"), rows));
      out.doubleColumn("time_reduction_pct").append(mean(comparison.doubleColumn("time_reduction_pct"), rows));
      double[] down = rows.stream().mapToDouble(r -> comparison.doubleColumn("downtime_change_ms").get(r))
          .sorted().toArray();
      out.doubleColumn("downtime_change_median_ms").append(down.length % 2 == 1 ? down[down.length / 2]
          : (down[down.length / 2 - 1] + down[down.length / 2]) / 2);
      out.doubleColumn("downtime_change_max_ms").append(down[down.length - 1]);
      out.intColumn("downtime_worse_runs").append((int) Arrays.stream(down).filter(d -> d > WORSE_MS).count());
      out.doubleColumn("mean_rounds").append(rows.stream().mapToInt(r -> comparison.intColumn("rounds").get(r))
          .average().orElse(Double.NaN));
      out.doubleColumn("max_rounds").append(rows.stream().mapToInt(r -> comparison.intColumn("rounds").get(r))
          .max().orElse(0));
    });
    return out;
  }

  /** A downtime longer by more than this (ms) counts as worse: below it, the difference is rounding. */
  static final double WORSE_MS = 0.0005;

  private static double mean(DoubleColumn c, List<Integer> rows) {
    double sum = 0;
    int n = 0;
    for (int r : rows) {
      if (!c.isMissing(r)) {
        sum += c.get(r);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * A short name for each (algorithm, params) pair: the algorithm, plus the parameters that differ among its
   * parameter sets when it has more than one (e.g. {@code improved-precopy hot_policy=consecutive:2}).
   */
  static Map<String, String> labels(Table runs) {
    Map<String, Set<String>> sets = new TreeMap<>();
    for (int i = 0; i < runs.rowCount(); i++) {
      sets.computeIfAbsent(runs.stringColumn("algorithm").get(i), k -> new TreeSet<>())
          .add(runs.stringColumn("params").get(i));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    sets.forEach((algorithm, paramSets) -> ParamSets.distinguishing(paramSets).forEach((p, differing) ->
        labels.put(labelKey(algorithm, p), differing.isEmpty() ? algorithm : algorithm + " " + differing)));
    return labels;
  }

  static String labelKey(String algorithm, String params) {
    return algorithm + "\u0000" + params;
  }
}
