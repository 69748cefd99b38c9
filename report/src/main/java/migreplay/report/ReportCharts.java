package migreplay.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import migreplay.replay.params.Units;
import migreplay.trace.TraceProfile;
import tech.tablesaw.api.Table;

/**
 * The report's charts, from the comparison and the rounds: per trace × link grouped bars of data, total time
 * and downtime by algorithm and parameter set; per trace and link, pages sent, dirtied and judged hot in each
 * round; each trace's dirty rate and writable working set; and when the algorithms pay off: each run's data
 * reduction against the ratio of its trace's dirty rate to its link's bandwidth, marked by whether its downtime
 * is within the objective. A series keeps its colour in every chart. No run is left out: one that did not
 * complete is drawn outlined and marked ✕ in the bars, named "(not converged)" in the rounds, and set on a row
 * of its own in the pay-off chart.
 */
final class ReportCharts {
  /** A per-round chart gets a logarithmic axis when its largest value is this many times its smallest. */
  static final double LOG_SPREAD = 20;

  private ReportCharts() {}

  static void draw(Charts charts, Results results, Table comparison, Map<String, String> labels,
      Map<String, Object> traces, Baseline baseline, double maxDowntimeMs, List<String> notes) {
    Map<String, String> colors = new LinkedHashMap<>();
    for (String k : labels.keySet()) {
      colors.put(k, Charts.color(colors.size()));
    }
    bars(charts, comparison, labels, colors);
    rounds(charts, results.rounds(), comparison, labels, colors);
    traces.forEach((name, v) -> {
      if (v instanceof TraceProfile p) {
        TraceProfile.Series rate = p.dirtyRate();
        TraceProfile.Series wws = p.workingSets().get(1);
        // Whole seconds only: a last, partial window would show a drop (or a rate, a spike) the guest never had.
        int n = rate.values().length;
        double[] sets = Arrays.copyOf(wws.values(), Math.min(n, wws.values().length));
        charts.lines(name + ": dirty pages per second (left), writable working set (right)", "time (s)",
            "dirty pages per second", "distinct pages written in a 1 s window", false, false, false,
            List.of(new Charts.Series("dirty pages/s", starts(rate), rate.values(), Charts.color(0)),
                new Charts.Series("distinct pages per 1 s window", Arrays.copyOf(starts(wws), sets.length), sets,
                    Charts.color(1), "dash", null, null, true)));
      } else {
        notes.add(name + ": " + v);
      }
    });
    payoff(charts, comparison, labels, colors, baseline, maxDowntimeMs);
  }

  private static String key(Table t, int i) {
    return Comparison.labelKey(t.stringColumn("algorithm").get(i), t.stringColumn("params").get(i));
  }

  private static boolean completed(Table t, int i) {
    return t.stringColumn("outcome").get(i).equals(Outcome.COMPLETED.label());
  }

  private static String where(Table t, int i) {
    return t.stringColumn("trace").get(i) + " " + Units.formatBandwidth(t.longColumn("bandwidth_bps").get(i));
  }

  private static void bars(Charts charts, Table c, Map<String, String> labels, Map<String, String> colors) {
    List<String> categories = new ArrayList<>();
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < c.rowCount(); i++) { // sorted by trace, then bandwidth
      index.computeIfAbsent(where(c, i), k -> {
        categories.add(k);
        return categories.size() - 1;
      });
    }
    String[][] metrics = {{"data_mib", "data sent (MiB)", "lin"}, {"total_time_s", "total migration time (s)", "log"},
        {"downtime_ms", "downtime (ms)", "log"}};
    for (String[] m : metrics) {
      List<Charts.Bars> series = new ArrayList<>();
      boolean anyUnfinished = false;
      for (String k : labels.keySet()) {
        double[] y = new double[categories.size()];
        boolean[] unfinished = new boolean[categories.size()];
        String[] text = new String[categories.size()];
        Arrays.fill(y, Double.NaN);
        Arrays.fill(text, "");
        boolean any = false;
        for (int i = 0; i < c.rowCount(); i++) {
          int at = index.get(where(c, i));
          if (key(c, i).equals(k) && text[at].isEmpty()) { // the first run of the category (other options may differ)
            any = true;
            unfinished[at] = !completed(c, i);
            anyUnfinished |= unfinished[at];
            y[at] = c.doubleColumn(m[0]).isMissing(i) ? Double.NaN : c.doubleColumn(m[0]).get(i);
            text[at] = completed(c, i) ? TableFormat.cell(c, i, m[0]) + " (" + c.stringColumn("outcome").get(i) + ")"
                : c.stringColumn("outcome").get(i) + (Double.isNaN(y[at]) ? "" : ", had spent "
                    + TableFormat.cell(c, i, m[0]).replace("≥\u00a0", "") + " when cancelled");
          }
        }
        if (any) {
          series.add(new Charts.Bars(labels.get(k), y, colors.get(k), unfinished, text));
        }
      }
      String title = m[1] + " by trace and link" + (m[2].equals("log") ? " (log scale)" : "")
          + (anyUnfinished ? "; ✕ did not complete" + (m[0].equals("downtime_ms") ? ", no downtime" : "") : "");
      charts.bars(title, m[1], m[2].equals("log"), categories, series);
    }
  }

  private static void rounds(Charts charts, Table rounds, Table c, Map<String, String> labels,
      Map<String, String> colors) {
    // A chart per trace and link where some run had more than one round; every run there with rounds is in
    // it, a single-round one (stop-and-copy, a run cancelled in its first pass) as a point.
    Map<String, List<Integer>> byChart = new LinkedHashMap<>();
    java.util.Set<String> multi = new java.util.HashSet<>();
    for (int i = 0; i < c.rowCount(); i++) {
      if (!c.intColumn("rounds").isMissing(i)) {
        String k = c.stringColumn("trace").get(i) + " at " + Units.formatBandwidth(c.longColumn("bandwidth_bps").get(i));
        byChart.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
        if (c.intColumn("rounds").get(i) > 1) {
          multi.add(k);
        }
      }
    }
    byChart.keySet().retainAll(multi);
    String[][] measures = {{"pages_sent", "sent"}, {"pages_dirtied", "dirtied"}, {"hot_added", "judged hot"}};
    String[] dashes = {"solid", "dash", "dot"};
    byChart.forEach((title, runs) -> {
      List<Charts.Series> series = new ArrayList<>();
      double min = Double.POSITIVE_INFINITY;
      double max = 0;
      for (int i : runs) {
        Table rr = rounds.where(rounds.longColumn("run_id").isEqualTo(c.longColumn("run_id").get(i)))
            .sortAscendingOn("round");
        double[] x = rr.intColumn("round").asDoubleColumn().asDoubleArray();
        String name = labels.get(key(c, i)) + (completed(c, i) ? "" : " (" + c.stringColumn("outcome").get(i) + ")");
        for (int m = 0; m < measures.length; m++) {
          double[] y = new double[rr.rowCount()];
          boolean any = false;
          for (int r = 0; r < y.length; r++) {
            y[r] = rr.column(measures[m][0]).isMissing(r) ? Double.NaN : rr.longColumn(measures[m][0]).get(r);
            if (y[r] > 0) {
              min = Math.min(min, y[r]);
              max = Math.max(max, y[r]);
              any = true;
            }
          }
          if (any) {
            series.add(new Charts.Series(name + ": " + measures[m][1], x, y, colors.get(key(c, i)), dashes[m], null,
                null));
          }
        }
      }
      boolean log = max > LOG_SPREAD * min;
      charts.lines(title + ": pages per round" + (log ? " (log scale)" : ""), "round", "pages", null, false, log,
          true, series);
    });
  }

  private static void payoff(Charts charts, Table c, Map<String, String> labels, Map<String, String> colors,
      Baseline baseline, double maxDowntimeMs) {
    String objective = Verdicts.objective(maxDowntimeMs);
    double lo = 0;
    double hi = 0;
    for (int i = 0; i < c.rowCount(); i++) {
      if (!c.doubleColumn("data_reduction_pct").isMissing(i) && !c.doubleColumn("dirty_ratio").isMissing(i)) {
        lo = Math.min(lo, c.doubleColumn("data_reduction_pct").get(i));
        hi = Math.max(hi, c.doubleColumn("data_reduction_pct").get(i));
      }
    }
    double band = lo - 0.12 * Math.max(10, hi - lo);
    // Per label: within the objective, over it, each on a recorded or a looped trace; then not compared.
    String[][] kinds = {{"within", "circle", ""}, {"within-looped", "diamond", " (trace looped)"},
        {"over", "circle-open", " (downtime over " + objective + ")"},
        {"over-looped", "diamond-open", " (downtime over " + objective + ", trace looped)"},
        {"none", "x", " (not compared)"}};
    List<Charts.Series> series = new ArrayList<>();
    boolean anyUnplaced = false;
    for (String k : labels.keySet()) {
      for (String[] kind : kinds) {
        List<double[]> points = new ArrayList<>();
        List<String> text = new ArrayList<>();
        for (int i = 0; i < c.rowCount(); i++) {
          String compared = c.stringColumn("compared").get(i);
          if (!key(c, i).equals(k) || compared.equals(Comparison.IS_BASELINE) || c.doubleColumn("dirty_ratio").isMissing(i)) {
            continue;
          }
          boolean looped = c.longColumn("trace_laps").get(i) > 1;
          String kindOf;
          if (!compared.equals(Comparison.COMPARED)) {
            kindOf = "none";
          } else {
            boolean within = c.booleanColumn("within_objective").get(i);
            kindOf = (within ? "within" : "over") + (looped ? "-looped" : "");
          }
          if (!kindOf.equals(kind[0])) {
            continue;
          }
          double y = kindOf.equals("none") ? band : c.doubleColumn("data_reduction_pct").get(i);
          anyUnplaced |= kindOf.equals("none");
          points.add(new double[] {c.doubleColumn("dirty_ratio").get(i), y});
          long laps = c.longColumn("trace_laps").get(i);
          text.add(String.format(Locale.US, "%s, %s, %d lap%s, %s%s", where(c, i), c.stringColumn("outcome").get(i),
              laps, laps == 1 ? "" : "s", kindOf.equals("none") ? compared : "time "
                  + TableFormat.signed(c.doubleColumn("time_reduction_pct").get(i)) + "%",
              c.doubleColumn("downtime_ms").isMissing(i) ? "" : ", downtime "
                  + Verdicts.duration(c.doubleColumn("downtime_ms").get(i))));
        }
        if (!points.isEmpty()) {
          series.add(new Charts.Series(labels.get(k) + kind[2], points.stream().mapToDouble(p -> p[0]).toArray(),
              points.stream().mapToDouble(p -> p[1]).toArray(), colors.get(k), null, text.toArray(new String[0]),
              kind[1]));
        }
      }
    }
    if (!series.isEmpty()) {
      List<Charts.Rule> rules = anyUnplaced ? List.of(new Charts.Rule(band,
          "✕ not compared: the run or its baseline did not complete")) : List.of();
      charts.points("When does it pay off? Data reduction against " + baseline.label() + " by dirty rate ÷ "
          + "bandwidth; open markers: downtime over " + objective, "trace's mean dirty rate (bit/s) ÷ link "
          + "bandwidth (bit/s), log scale", "less data than " + baseline.label() + " (%)", true, series, rules);
    }
  }

  private static double[] starts(TraceProfile.Series s) {
    double[] x = new double[s.values().length];
    for (int i = 0; i < x.length; i++) {
      x[i] = s.startS(i);
    }
    return x;
  }
}
