package migreplay.report;

import static tech.tablesaw.aggregate.AggregateFunctions.count;
import static tech.tablesaw.aggregate.AggregateFunctions.first;
import static tech.tablesaw.aggregate.AggregateFunctions.max;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;
import static tech.tablesaw.aggregate.AggregateFunctions.median;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * The comparison of algorithms against a baseline, with Tablesaw: each run joined to the baseline run of
 * the same trace and network (the first in run order when parameters were swept), and the reduction of data,
 * total time and downtime in percent: (baseline − run) / baseline × 100, positive when better.
 */
public final class Comparison {
  /** The network and trace a run is compared within. */
  static final String[] KEY = {"trace_name", "bandwidth_bps", "page_header_bytes", "start_us", "trace_end",
      "within_epoch", "resume_overhead_us"};

  /** The paper's published averages (Ma, Liu, Liu, ICSESS 2010, abstract). */
  static final double PAPER_DATA_REDUCTION = 34.0;
  static final double PAPER_TIME_REDUCTION = 32.5;
  static final int PAPER_MAX_ROUNDS = 5;
  /** How close (percentage points) our average must be to the paper's to "agree". */
  static final double AGREEMENT_PP = 5.0;

  private Comparison() {}

  /** One row per run, ordered by trace, bandwidth, then run order. */
  public static Table table(Table runs, String baseline) {
    Table ok = runs.where(runs.stringColumn("status").isEqualTo("ok"));
    Table base = ok.where(ok.stringColumn("algorithm").isEqualTo(baseline))
        .summarize("bytes_sent", "total_time_s", "downtime_s", first).by(KEY);
    base.column("First [bytes_sent]").setName("base_bytes");
    base.column("First [total_time_s]").setName("base_time_s");
    base.column("First [downtime_s]").setName("base_downtime_s");
    Table j = runs.joinOn(KEY).leftOuter(base);
    DoubleColumn bytes = ((NumericColumn<?>) j.column("bytes_sent")).asDoubleColumn();
    DoubleColumn baseBytes = ((NumericColumn<?>) j.column("base_bytes")).asDoubleColumn();
    Table out = Table.create("comparison",
        j.stringColumn("trace_name").copy().setName("trace"),
        j.longColumn("bandwidth_bps").copy(),
        j.stringColumn("algorithm").copy(),
        j.stringColumn("params").copy(),
        j.stringColumn("status").copy(),
        bytes.divide(1024.0 * 1024.0).setName("data_mib"),
        j.doubleColumn("total_time_s").copy(),
        j.doubleColumn("downtime_s").multiply(1000).setName("downtime_ms"),
        j.intColumn("rounds").copy(),
        j.longColumn("hot_pages").copy(),
        reduction(baseBytes, bytes).setName("data_reduction_pct"),
        reduction(j.doubleColumn("base_time_s"), j.doubleColumn("total_time_s")).setName("time_reduction_pct"),
        reduction(j.doubleColumn("base_downtime_s"), j.doubleColumn("downtime_s")).setName("downtime_reduction_pct"),
        j.longColumn("run_id").copy());
    for (String c : new String[] {"data_reduction_pct", "time_reduction_pct", "downtime_reduction_pct"}) {
      DoubleColumn d = out.doubleColumn(c);
      for (int i = 0; i < out.rowCount(); i++) {
        if (!out.stringColumn("status").get(i).equals("ok")) {
          d.setMissing(i);
        }
      }
    }
    return out.sortAscendingOn("trace", "bandwidth_bps", "run_id").removeColumns("run_id");
  }

  private static DoubleColumn reduction(DoubleColumn base, DoubleColumn value) {
    DoubleColumn r = DoubleColumn.create("r", base.size());
    for (int i = 0; i < base.size(); i++) {
      double b = base.getDouble(i);
      r.set(i, Double.isNaN(b) || b == 0 ? Double.NaN : (b - value.getDouble(i)) / b * 100);
    }
    return r;
  }

  /**
   * Per algorithm: runs, mean reductions of data and time over (trace, bandwidth) pairs both finished, the
   * median reduction of downtime, mean and max rounds.
   */
  public static Table averages(Table comparison) {
    Table ok = comparison.where(comparison.stringColumn("status").isEqualTo("ok"));
    Table means = ok.summarize("data_reduction_pct", "time_reduction_pct", mean).by("algorithm");
    // Downtimes near zero make percentages explode (0.1 ms against 40 s): the median says more than the mean.
    Table down = ok.summarize("downtime_reduction_pct", median).by("algorithm");
    Table rounds = ok.summarize("rounds", mean, max).by("algorithm");
    Table runs = comparison.summarize("trace", count).by("algorithm");
    Table j = means.joinOn("algorithm").inner(down).joinOn("algorithm").inner(rounds).joinOn("algorithm").inner(runs);
    Table out = Table.create("averages", j.stringColumn("algorithm"),
        j.column("Count [trace]").copy().setName("runs"),
        j.doubleColumn("Mean [data_reduction_pct]").copy().setName("data_reduction_pct"),
        j.doubleColumn("Mean [time_reduction_pct]").copy().setName("time_reduction_pct"),
        j.doubleColumn("Median [downtime_reduction_pct]").copy().setName("downtime_reduction_median_pct"),
        j.doubleColumn("Mean [rounds]").copy().setName("mean_rounds"),
        j.doubleColumn("Max [rounds]").copy().setName("max_rounds"));
    return out.sortAscendingOn("algorithm");
  }

  /** Plain sentences comparing an algorithm's averages with the paper's figures. */
  public static List<String> paperVerdict(Table averages, String algorithm, String baseline) {
    List<String> lines = new ArrayList<>();
    int row = -1;
    for (int i = 0; i < averages.rowCount(); i++) {
      if (averages.stringColumn("algorithm").get(i).equals(algorithm)) {
        row = i;
      }
    }
    if (row < 0) {
      lines.add("No " + algorithm + " runs: nothing to compare with the paper.");
      return lines;
    }
    lines.add(verdict("data sent", averages.doubleColumn("data_reduction_pct").get(row), PAPER_DATA_REDUCTION,
        baseline));
    lines.add(verdict("total migration time", averages.doubleColumn("time_reduction_pct").get(row),
        PAPER_TIME_REDUCTION, baseline));
    double maxRounds = averages.doubleColumn("max_rounds").get(row);
    lines.add(String.format(Locale.US, "Rounds: ours at most %.0f, paper reports at most %d (the abstract's sentence is"
        + " cut off in the only copy found) — %s.", maxRounds, PAPER_MAX_ROUNDS,
        maxRounds <= PAPER_MAX_ROUNDS ? "agrees" : "does not agree"));
    return lines;
  }

  private static String verdict(String what, double ours, double paper, String baseline) {
    if (Double.isNaN(ours)) {
      return "Reduction of " + what + ": no pair of runs to compare.";
    }
    boolean agrees = Math.abs(ours - paper) <= AGREEMENT_PP;
    return String.format(Locale.US, "Reduction of %s against %s: ours %.1f%%, paper %.1f%% — %s (within ±%.0f pp is"
        + " counted as agreement).", what, baseline, ours, paper, agrees ? "agrees" : "does not agree", AGREEMENT_PP);
  }
}
