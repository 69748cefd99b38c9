package migreplay.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import migreplay.replay.params.Units;
import migreplay.trace.TraceProfile;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Symbol;

/**
 * The report's charts, from the comparison and the rounds: per trace × link grouped bars of data, total time
 * and downtime by algorithm; per trace and link, pages sent, dirtied and judged hot in each round; each
 * trace's dirty rate and writable working set; and when the algorithms pay off: each run's data reduction
 * against the ratio of its trace's dirty rate to its link's bandwidth. A series keeps its colour in every
 * chart.
 */
final class ReportCharts {
  /** A per-round chart gets a logarithmic axis when its largest value is this many times its smallest. */
  static final double LOG_SPREAD = 20;

  private ReportCharts() {}

  static void draw(Charts charts, Results results, Table comparison, Map<String, String> labels,
      Map<String, Object> traces, String baseline, List<String> notes) {
    Map<String, String> colors = new LinkedHashMap<>();
    for (String k : labels.keySet()) {
      colors.put(k, Charts.color(colors.size()));
    }
    Table ok = comparison.where(comparison.stringColumn("status").isEqualTo("ok"));
    bars(charts, ok, labels, colors);
    rounds(charts, results.rounds(), ok, labels, colors);
    traces.forEach((name, v) -> {
      if (v instanceof TraceProfile p) {
        TraceProfile.Series rate = p.dirtyRate();
        TraceProfile.Series wws = p.workingSets().get(1);
        // Whole seconds only: a last, partial window would show a drop (or a rate, a spike) the guest never had.
        int n = rate.values().length;
        double[] sets = java.util.Arrays.copyOf(wws.values(), Math.min(n, wws.values().length));
        charts.lines(name + ": dirty pages per second, writable working set", "time (s)", "pages", false, false,
            List.of(new Charts.Series("dirty pages/s", starts(rate), rate.values(), Charts.color(0)),
                new Charts.Series("distinct pages per 1 s window", java.util.Arrays.copyOf(starts(wws), sets.length),
                    sets, Charts.color(1), Line.Dash.DASH, null, null)));
      } else {
        notes.add(name + ": " + v);
      }
    });
    payoff(charts, ok, labels, colors, baseline);
  }

  private static String key(Table t, int i) {
    return Comparison.labelKey(t.stringColumn("algorithm").get(i), t.stringColumn("params").get(i));
  }

  private static void bars(Charts charts, Table ok, Map<String, String> labels, Map<String, String> colors) {
    List<String> categories = new ArrayList<>();
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < ok.rowCount(); i++) { // sorted by trace, then bandwidth
      String c = ok.stringColumn("trace").get(i) + " " + Units.formatBandwidth(ok.longColumn("bandwidth_bps").get(i));
      if (!index.containsKey(c)) {
        index.put(c, categories.size());
        categories.add(c);
      }
    }
    String[][] metrics = {{"data_mib", "data sent (MiB)", "lin"}, {"total_time_s", "total migration time (s)", "log"},
        {"downtime_ms", "downtime (ms)", "log"}};
    for (String[] m : metrics) {
      List<Charts.Bars> series = new ArrayList<>();
      for (String k : labels.keySet()) {
        double[] y = new double[categories.size()];
        java.util.Arrays.fill(y, Double.NaN);
        boolean any = false;
        for (int i = 0; i < ok.rowCount(); i++) {
          if (key(ok, i).equals(k)) {
            int c = index.get(ok.stringColumn("trace").get(i) + " "
                + Units.formatBandwidth(ok.longColumn("bandwidth_bps").get(i)));
            if (Double.isNaN(y[c])) { // the first run of the category (other options may differ)
              y[c] = ok.doubleColumn(m[0]).get(i);
              any = true;
            }
          }
        }
        if (any) {
          series.add(new Charts.Bars(labels.get(k), y, colors.get(k)));
        }
      }
      charts.bars(m[1] + " by trace and link" + (m[2].equals("log") ? " (log scale)" : ""), m[1],
          m[2].equals("log"), categories, series);
    }
  }

  private static void rounds(Charts charts, Table rounds, Table ok, Map<String, String> labels,
      Map<String, String> colors) {
    Map<String, List<Integer>> byChart = new LinkedHashMap<>();
    for (int i = 0; i < ok.rowCount(); i++) {
      if (ok.intColumn("rounds").get(i) > 1) {
        byChart.computeIfAbsent(ok.stringColumn("trace").get(i) + " at "
            + Units.formatBandwidth(ok.longColumn("bandwidth_bps").get(i)), k -> new ArrayList<>()).add(i);
      }
    }
    String[][] measures = {{"pages_sent", "sent"}, {"pages_dirtied", "dirtied"}, {"hot_added", "judged hot"}};
    Line.Dash[] dashes = {Line.Dash.SOLID, Line.Dash.DASH, Line.Dash.DOT};
    byChart.forEach((title, runs) -> {
      List<Charts.Series> series = new ArrayList<>();
      double min = Double.POSITIVE_INFINITY;
      double max = 0;
      for (int i : runs) {
        Table rr = rounds.where(rounds.longColumn("run_id").isEqualTo(ok.longColumn("run_id").get(i)))
            .sortAscendingOn("round");
        double[] x = rr.intColumn("round").asDoubleColumn().asDoubleArray();
        for (int m = 0; m < measures.length; m++) {
          double[] y = rr.longColumn(measures[m][0]).asDoubleColumn().asDoubleArray();
          boolean any = false;
          for (double v : y) {
            if (v > 0) {
              min = Math.min(min, v);
              max = Math.max(max, v);
              any = true;
            }
          }
          if (any) {
            series.add(new Charts.Series(labels.get(key(ok, i)) + ": " + measures[m][1], x, y,
                colors.get(key(ok, i)), dashes[m], null, null));
          }
        }
      }
      boolean log = max > LOG_SPREAD * min;
      charts.lines(title + ": pages per round" + (log ? " (log scale)" : ""), "round", "pages", false, log, series);
    });
  }

  private static void payoff(Charts charts, Table ok, Map<String, String> labels, Map<String, String> colors,
      String baseline) {
    List<Charts.Series> series = new ArrayList<>();
    for (String k : labels.keySet()) {
      if (k.startsWith(baseline + "\u0000")) {
        continue;
      }
      for (boolean looped : new boolean[] {false, true}) {
        List<double[]> points = new ArrayList<>();
        List<String> text = new ArrayList<>();
        for (int i = 0; i < ok.rowCount(); i++) {
          long laps = ok.longColumn("trace_laps").get(i);
          if (key(ok, i).equals(k) && (laps > 1) == looped && !ok.doubleColumn("dirty_ratio").isMissing(i)
              && !ok.doubleColumn("data_reduction_pct").isMissing(i)) {
            points.add(new double[] {ok.doubleColumn("dirty_ratio").get(i),
                ok.doubleColumn("data_reduction_pct").get(i)});
            text.add(String.format(Locale.US, "%s at %s, %d lap%s, time %s%%", ok.stringColumn("trace").get(i),
                Units.formatBandwidth(ok.longColumn("bandwidth_bps").get(i)), laps, laps == 1 ? "" : "s",
                TableFormat.signed(ok.doubleColumn("time_reduction_pct").get(i))));
          }
        }
        if (!points.isEmpty()) {
          series.add(new Charts.Series(labels.get(k) + (looped ? " (trace looped)" : ""),
              points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray(),
              colors.get(k), null, text.toArray(new String[0]), looped ? Symbol.X : Symbol.CIRCLE));
        }
      }
    }
    if (!series.isEmpty()) {
      charts.points("When does it pay off? Data reduction against " + baseline + " by dirty rate ÷ bandwidth",
          "trace's mean dirty rate (bit/s) ÷ link bandwidth (bit/s), log scale", "less data than " + baseline
              + " (%)", true, series);
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
