package migreplay.report;

import java.util.ArrayList;
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
 * The comparison of every run with its baseline run ({@link Baseline}) on the same trace and network
 * ({@link #KEY}), outcome first: a run is compared only when it and its baseline run both completed
 * ({@link Outcome}); otherwise it says why not, and it has no reductions and no downtime change. Data and
 * total time are compared as a reduction in percent, (baseline − run) / baseline × 100, positive when better;
 * downtime as a change in milliseconds, run − baseline, since a baseline downtime near zero makes any
 * percentage explode. Every run has its absolute downtime (when it completed) and whether it is within the
 * downtime objective.
 */
public final class Comparison {
  /** The network and trace a run is compared within. */
  static final String[] KEY = {"trace_name", "bandwidth_bps", "page_header_bytes", "start_us", "trace_end",
      "within_epoch", "resume_overhead_us"};

  /** Whether a run was compared with its baseline run ({@code compared} column), and why not. */
  static final String COMPARED = "yes";
  static final String IS_BASELINE = "baseline";
  static final String NOT_COMPLETED = "no: it did not complete";
  static final String BASE_NOT_COMPLETED = "no: the baseline did not complete";
  static final String NO_BASE = "no: no baseline run on this trace and link";

  private Comparison() {}

  /** The baseline asked for has no runs in the results: a bad option value, not bad data. */
  public static final class UnknownBaselineException extends IllegalArgumentException {
    UnknownBaselineException(String message) {
      super(message);
    }
  }

  /**
   * One row per run, ordered by trace, bandwidth, then run order: its outcome, what it measured (data and time
   * of a run that did not converge are what it had spent when cancelled; only a completed run has a downtime),
   * its baseline run ({@code base_run_id}) and, when both completed, the changes against it.
   *
   * @param maxDowntimeMs the downtime objective: a completed run within it has {@code within_objective} true
   */
  public static Table table(Table runs, Baseline baseline, double maxDowntimeMs) {
    Table t = runs.sortAscendingOn("run_id");
    Map<String, List<Integer>> byKey = new LinkedHashMap<>();
    for (int i = 0; i < t.rowCount(); i++) {
      byKey.computeIfAbsent(key(t, i), k -> new ArrayList<>()).add(i);
    }
    Table out = Table.create("comparison", StringColumn.create("trace"), LongColumn.create("bandwidth_bps"),
        StringColumn.create("algorithm"), StringColumn.create("params"), StringColumn.create("outcome"),
        BooleanColumn.create("converged"), LongColumn.create("trace_laps"), DoubleColumn.create("data_mib"),
        DoubleColumn.create("total_time_s"), DoubleColumn.create("downtime_ms"),
        BooleanColumn.create("within_objective"), IntColumn.create("rounds"), LongColumn.create("hot_pages"),
        LongColumn.create("zero_pages"), LongColumn.create("downtime_bytes"), StringColumn.create("compared"), LongColumn.create("base_run_id"),
        StringColumn.create("base_outcome"), DoubleColumn.create("base_data_mib"),
        DoubleColumn.create("base_total_time_s"), DoubleColumn.create("base_downtime_ms"),
        DoubleColumn.create("data_reduction_pct"), DoubleColumn.create("time_reduction_pct"),
        DoubleColumn.create("downtime_change_ms"), DoubleColumn.create("dirty_ratio"), LongColumn.create("run_id"),
        LongColumn.create("page_size"), LongColumn.create("page_header_bytes"), StringColumn.create("reason"),
        StringColumn.create("network"));
    boolean qemuCounters = t.containsColumn("zero_pages") && t.containsColumn("downtime_bytes");
    for (int i = 0; i < t.rowCount(); i++) {
      Outcome o = outcome(t, i);
      out.stringColumn("trace").append(t.stringColumn("trace_name").get(i));
      out.longColumn("bandwidth_bps").append(t.longColumn("bandwidth_bps").get(i));
      out.stringColumn("algorithm").append(t.stringColumn("algorithm").get(i));
      out.stringColumn("params").append(t.stringColumn("params").get(i));
      out.stringColumn("outcome").append(o.label());
      out.longColumn("trace_laps").append(t.longColumn("trace_laps").get(i));
      out.longColumn("run_id").append(t.longColumn("run_id").get(i));
      out.longColumn("page_size").append(t.longColumn("page_size").get(i));
      out.longColumn("page_header_bytes").append(t.longColumn("page_header_bytes").get(i));
      out.stringColumn("reason").append(t.stringColumn("reason").isMissing(i) ? "" : t.stringColumn("reason").get(i));
      out.doubleColumn("dirty_ratio").appendMissing();
      out.stringColumn("network").append(key(t, i));
      if (o == Outcome.FAILED) {
        out.booleanColumn("converged").appendMissing();
        out.doubleColumn("data_mib").appendMissing();
        out.doubleColumn("total_time_s").appendMissing();
        out.intColumn("rounds").appendMissing();
        out.longColumn("hot_pages").appendMissing();
        out.longColumn("zero_pages").appendMissing();
        out.longColumn("downtime_bytes").appendMissing();
      } else {
        out.booleanColumn("converged").append(t.booleanColumn("converged").get(i));
        out.doubleColumn("data_mib").append(t.longColumn("bytes_sent").get(i) / 1048576.0);
        out.doubleColumn("total_time_s").append(t.doubleColumn("total_time_s").get(i));
        out.intColumn("rounds").append(t.intColumn("rounds").get(i));
        appendLong(out.longColumn("hot_pages"), t, "hot_pages", i);
        if (qemuCounters) {
          appendLong(out.longColumn("zero_pages"), t, "zero_pages", i);
          appendLong(out.longColumn("downtime_bytes"), t, "downtime_bytes", i);
        } else {
          out.longColumn("zero_pages").appendMissing();
          out.longColumn("downtime_bytes").appendMissing();
        }
      }
      if (o.completed()) {
        double down = t.doubleColumn("downtime_s").get(i) * 1000;
        out.doubleColumn("downtime_ms").append(down);
        out.booleanColumn("within_objective").append(down <= maxDowntimeMs);
      } else {
        out.doubleColumn("downtime_ms").appendMissing();
        out.booleanColumn("within_objective").appendMissing();
      }
      Integer b = baselineRun(t, i, byKey.get(key(t, i)), baseline);
      String compared;
      if (b == null) {
        compared = NO_BASE;
        out.stringColumn("base_outcome").append("");
        out.longColumn("base_run_id").appendMissing();
        for (String c : new String[] {"base_data_mib", "base_total_time_s", "base_downtime_ms"}) {
          out.doubleColumn(c).appendMissing();
        }
      } else {
        Outcome bo = outcome(t, b);
        out.longColumn("base_run_id").append(t.longColumn("run_id").get(b));
        out.stringColumn("base_outcome").append(bo.label());
        boolean measured = bo != Outcome.FAILED;
        appendOr(out.doubleColumn("base_data_mib"), measured, () -> t.longColumn("bytes_sent").get(b) / 1048576.0);
        appendOr(out.doubleColumn("base_total_time_s"), measured, () -> t.doubleColumn("total_time_s").get(b));
        appendOr(out.doubleColumn("base_downtime_ms"), bo.completed(), () -> t.doubleColumn("downtime_s").get(b) * 1000);
        compared = b == i ? IS_BASELINE : !o.completed() ? NOT_COMPLETED : !bo.completed() ? BASE_NOT_COMPLETED
            : COMPARED;
      }
      out.stringColumn("compared").append(compared);
      if (compared.equals(COMPARED)) {
        double bytes = t.longColumn("bytes_sent").get(i);
        double time = t.doubleColumn("total_time_s").get(i);
        double down = t.doubleColumn("downtime_s").get(i);
        out.doubleColumn("data_reduction_pct").append(reduction(t.longColumn("bytes_sent").get(b), bytes));
        out.doubleColumn("time_reduction_pct").append(reduction(t.doubleColumn("total_time_s").get(b), time));
        out.doubleColumn("downtime_change_ms").append((down - t.doubleColumn("downtime_s").get(b)) * 1000);
      } else {
        out.doubleColumn("data_reduction_pct").appendMissing();
        out.doubleColumn("time_reduction_pct").appendMissing();
        out.doubleColumn("downtime_change_ms").appendMissing();
      }
    }
    return out.sortAscendingOn("trace", "bandwidth_bps", "run_id");
  }

  private static void appendLong(LongColumn to, Table t, String column, int row) {
    if (t.column(column).isMissing(row)) {
      to.appendMissing();
    } else {
      to.append(t.longColumn(column).get(row));
    }
  }

  private static void appendOr(DoubleColumn to, boolean present, java.util.function.DoubleSupplier value) {
    if (present) {
      to.append(value.getAsDouble());
    } else {
      to.appendMissing();
    }
  }

  static Outcome outcome(Table runs, int i) {
    String ms = runs.containsColumn("migration_status") && !runs.stringColumn("migration_status").isMissing(i)
        ? runs.stringColumn("migration_status").get(i) : "";
    return Outcome.of(runs.stringColumn("status").get(i), ms);
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

  static String key(Table t, int i) {
    StringBuilder b = new StringBuilder();
    for (String k : KEY) {
      b.append(t.getString(i, k)).append('\u0000');
    }
    return b.toString();
  }

  /**
   * Row {@code i}'s baseline run among the rows of its trace and network: the first candidate (in run order)
   * whose parameters agree with the run's, else the first candidate; null when the baseline has no run there.
   */
  private static Integer baselineRun(Table t, int i, List<Integer> sameKey, Baseline baseline) {
    String algorithm = t.stringColumn("algorithm").get(i);
    boolean own = algorithm.equals(baseline.algorithm());
    Map<String, String> params = ParamSets.parse(t.stringColumn("params").get(i));
    Integer first = null;
    for (int c : sameKey) {
      Map<String, String> cp = ParamSets.parse(t.stringColumn("params").get(c));
      if (!baseline.candidate(t.stringColumn("algorithm").get(c), cp, own)) {
        continue;
      }
      if (first == null) {
        first = c;
      }
      if (baseline.agrees(cp, params, own)) {
        return c;
      }
    }
    return first;
  }

  private static double reduction(double base, double value) {
    return base == 0 ? Double.NaN : (base - value) / base * 100;
  }

  /**
   * Per algorithm, parameter set and bandwidth (never pooled across parameters or links): runs, how many
   * completed, were compared, were within the downtime objective, looped the trace; over the compared runs the
   * reductions of data and time as the mean of per-trace reductions and pooled (Σ baseline − Σ run over Σ
   * baseline, i.e. weighted by the baseline's bytes or seconds), the downtime changes (median, largest, how
   * many longer); over the completed runs the median and largest absolute downtime and the rounds.
   * Rows are in run order of the parameter sets, links ascending; a set that is the baseline has
   * {@code baseline} true and no reductions.
   */
  public static Table averages(Table comparison) {
    // Parameter sets in run order (the baseline's usually first, a sweep's values as given), links ascending.
    Map<String, Long> firstRun = new java.util.HashMap<>();
    for (int i = 0; i < comparison.rowCount(); i++) {
      firstRun.merge(labelKey(comparison.stringColumn("algorithm").get(i), comparison.stringColumn("params").get(i)),
          comparison.longColumn("run_id").get(i), Math::min);
    }
    Map<List<Object>, List<Integer>> groups = new TreeMap<>((a, b) -> {
      int c = Long.compare(firstRun.get(labelKey((String) a.get(0), (String) a.get(1))),
          firstRun.get(labelKey((String) b.get(0), (String) b.get(1))));
      return c != 0 ? c : Long.compare((Long) a.get(2), (Long) b.get(2));
    });
    for (int i = 0; i < comparison.rowCount(); i++) {
      groups.computeIfAbsent(List.of(comparison.stringColumn("algorithm").get(i),
          comparison.stringColumn("params").get(i), comparison.longColumn("bandwidth_bps").get(i)),
          k -> new ArrayList<>()).add(i);
    }
    Table out = Table.create("averages", StringColumn.create("algorithm"), StringColumn.create("params"),
        LongColumn.create("bandwidth_bps"), IntColumn.create("runs"), IntColumn.create("completed_runs"),
        IntColumn.create("compared_runs"), BooleanColumn.create("baseline"), IntColumn.create("looped_runs"),
        DoubleColumn.create("data_reduction_mean_pct"), DoubleColumn.create("data_reduction_pooled_pct"),
        DoubleColumn.create("time_reduction_mean_pct"), DoubleColumn.create("time_reduction_pooled_pct"),
        DoubleColumn.create("downtime_median_ms"), DoubleColumn.create("downtime_max_ms"),
        DoubleColumn.create("downtime_change_median_ms"), DoubleColumn.create("downtime_change_max_ms"),
        IntColumn.create("downtime_worse_runs"), IntColumn.create("within_objective_runs"),
        IntColumn.create("completed_where_baseline_did_not"),
        DoubleColumn.create("mean_rounds"), DoubleColumn.create("max_rounds"), BooleanColumn.create("all_looped"),
        StringColumn.create("not_completed_traces"));
    groups.forEach((k, rows) -> {
      List<Integer> compared = rows.stream().filter(r -> comparison.stringColumn("compared").get(r).equals(COMPARED))
          .toList();
      List<Integer> completed = rows.stream().filter(r -> !comparison.doubleColumn("downtime_ms").isMissing(r))
          .toList();
      out.stringColumn("algorithm").append((String) k.get(0));
      out.stringColumn("params").append((String) k.get(1));
      out.longColumn("bandwidth_bps").append((Long) k.get(2));
      out.intColumn("runs").append(rows.size());
      out.intColumn("completed_runs").append(completed.size());
      out.intColumn("compared_runs").append(compared.size());
      out.booleanColumn("baseline").append(rows.stream()
          .allMatch(r -> comparison.stringColumn("compared").get(r).equals(IS_BASELINE)));
      int looped = (int) rows.stream().filter(r -> comparison.longColumn("trace_laps").get(r) > 1).count();
      out.intColumn("looped_runs").append(looped);
      out.booleanColumn("all_looped").append(looped == rows.size());
      out.doubleColumn("data_reduction_mean_pct").append(mean(comparison.doubleColumn("data_reduction_pct"), compared));
      out.doubleColumn("data_reduction_pooled_pct").append(pooled(comparison, "base_data_mib", "data_mib", compared));
      out.doubleColumn("time_reduction_mean_pct").append(mean(comparison.doubleColumn("time_reduction_pct"), compared));
      out.doubleColumn("time_reduction_pooled_pct").append(pooled(comparison, "base_total_time_s", "total_time_s",
          compared));
      double[] downs = completed.stream().mapToDouble(r -> comparison.doubleColumn("downtime_ms").get(r)).sorted()
          .toArray();
      out.doubleColumn("downtime_median_ms").append(median(downs));
      out.doubleColumn("downtime_max_ms").append(downs.length == 0 ? Double.NaN : downs[downs.length - 1]);
      double[] change = compared.stream().mapToDouble(r -> comparison.doubleColumn("downtime_change_ms").get(r))
          .sorted().toArray();
      out.doubleColumn("downtime_change_median_ms").append(median(change));
      out.doubleColumn("downtime_change_max_ms").append(change.length == 0 ? Double.NaN : change[change.length - 1]);
      out.intColumn("downtime_worse_runs").append((int) java.util.Arrays.stream(change).filter(d -> d > WORSE_MS)
          .count());
      out.intColumn("within_objective_runs").append((int) rows.stream()
          .filter(r -> !comparison.booleanColumn("within_objective").isMissing(r)
              && comparison.booleanColumn("within_objective").get(r)).count());
      out.intColumn("completed_where_baseline_did_not").append((int) rows.stream()
          .filter(r -> comparison.stringColumn("compared").get(r).equals(BASE_NOT_COMPLETED)).count());
      out.doubleColumn("mean_rounds").append(completed.stream().mapToInt(r -> comparison.intColumn("rounds").get(r))
          .average().orElse(Double.NaN));
      out.doubleColumn("max_rounds").append(completed.stream().mapToDouble(r -> comparison.intColumn("rounds").get(r))
          .max().orElse(Double.NaN));
      Set<String> unfinished = new TreeSet<>();
      for (int r : rows) {
        if (comparison.doubleColumn("downtime_ms").isMissing(r)) {
          unfinished.add(comparison.stringColumn("trace").get(r));
        }
      }
      out.stringColumn("not_completed_traces").append(String.join(", ", unfinished));
    });
    return out;
  }

  /** A downtime longer by more than this (ms) counts as worse: below it, the difference is rounding. */
  static final double WORSE_MS = 0.0005;

  private static double median(double[] sorted) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

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

  /** (Σ baseline − Σ run) / Σ baseline × 100 over the rows. */
  private static double pooled(Table comparison, String base, String run, List<Integer> rows) {
    double b = 0;
    double v = 0;
    for (int r : rows) {
      b += comparison.doubleColumn(base).get(r);
      v += comparison.doubleColumn(run).get(r);
    }
    return rows.isEmpty() || b == 0 ? Double.NaN : (b - v) / b * 100;
  }

  /**
   * A short name for each (algorithm, params) pair: the algorithm, plus the parameters that differ among its
   * parameter sets when it has more than one (e.g. {@code improved-precopy hot_policy=consecutive:2}).
   */
  static Map<String, String> labels(Table runs) {
    Map<String, Set<String>> sets = new LinkedHashMap<>();
    Table t = runs.sortAscendingOn("run_id");
    for (int i = 0; i < t.rowCount(); i++) {
      sets.computeIfAbsent(t.stringColumn("algorithm").get(i), k -> new java.util.LinkedHashSet<>())
          .add(t.stringColumn("params").get(i));
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
