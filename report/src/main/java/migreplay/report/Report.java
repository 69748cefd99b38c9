package migreplay.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import migreplay.io.AtomicOutput;
import migreplay.replay.Units;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceProfile;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * {@code migreplay report}: from a results directory, writes {@code index.html} (self-contained: styles,
 * plotly and data inlined; no network request), {@code summary.md} (the same tables in Markdown) and
 * {@code comparison.csv}. Never re-runs replay. The output is deterministic: the same results give
 * byte-identical files.
 */
public final class Report {
  /** @param baseline the algorithm others are compared against */
  public record Options(String baseline) {
    public static final Options DEFAULT = new Options("xen-precopy");
  }

  static final List<String> COMPARISON_COLUMNS = List.of("trace", "bandwidth_bps", "algorithm", "data_mib",
      "total_time_s", "downtime_ms", "rounds", "hot_pages", "data_reduction_pct", "time_reduction_pct",
      "downtime_reduction_pct", "status");
  static final List<String> AVERAGE_COLUMNS = List.of("algorithm", "runs", "data_reduction_pct",
      "time_reduction_pct", "downtime_reduction_median_pct", "mean_rounds", "max_rounds");
  static final List<String> TRACE_COLUMNS = List.of("trace", "ram_mib", "duration_s", "events", "distinct_pages",
      "mean_dirty_rate", "hypervisor", "provenance");
  static final String PLOTLY = "META-INF/resources/webjars/plotly.js/1.54.1/dist/plotly-cartesian.min.js";

  private Report() {}

  /** Writes the three files and returns the path of index.html. */
  public static Path write(Path resultsDir, Path reportDir, Options options) throws IOException {
    Results results = Results.load(resultsDir);
    Table comparison = Comparison.table(results.runs(), options.baseline());
    Table averages = Comparison.averages(comparison);
    List<String> verdict = Comparison.paperVerdict(averages, "improved-precopy", options.baseline());
    Map<String, Object> traces = traces(results.runs(), resultsDir);
    Table traceTable = traceTable(traces);
    Charts charts = new Charts();
    List<String> traceNotes = charts(results, traces, charts);
    String md = markdown(comparison, averages, verdict, traceTable, traceNotes, options);
    String html = html(comparison, averages, verdict, traceTable, traceNotes, charts, options, resultsDir);
    AtomicOutput.checkWritable(reportDir.resolve("index.html"));
    AtomicOutput.createDirectories(reportDir);
    try (AtomicOutput out = AtomicOutput.create(reportDir.resolve("comparison.csv"))) {
      comparison.write().csv(CsvWriteOptions.builder(out.temp().toFile()).build());
      out.commit();
    }
    AtomicOutput.writeString(reportDir.resolve("summary.md"), md);
    Path index = reportDir.resolve("index.html");
    AtomicOutput.writeString(index, html);
    return index;
  }

  /** Each trace of the runs: its profile, or why it could not be read. */
  private static Map<String, Object> traces(Table runs, Path resultsDir) {
    Map<String, Object> out = new LinkedHashMap<>();
    Table t = runs.sortAscendingOn("run_id");
    for (int i = 0; i < t.rowCount(); i++) {
      String name = t.stringColumn("trace_name").get(i);
      if (out.containsKey(name)) {
        continue;
      }
      String path = t.stringColumn("trace").get(i);
      Path p = Path.of(path);
      if (!Files.isRegularFile(p) && !p.isAbsolute()) {
        p = resultsDir.toAbsolutePath().getParent().resolve(path);
      }
      try {
        out.put(name, TraceProfile.of(p));
      } catch (IOException | RuntimeException e) {
        out.put(name, "trace " + path + " could not be read (" + e.getMessage() + "); its charts are left out");
      }
    }
    return out;
  }

  private static Table traceTable(Map<String, Object> traces) {
    Table t = Table.create("traces", StringColumn.create("trace"), DoubleColumn.create("ram_mib"),
        DoubleColumn.create("duration_s"), LongColumn.create("events"), LongColumn.create("distinct_pages"),
        DoubleColumn.create("mean_dirty_rate"), StringColumn.create("hypervisor"), StringColumn.create("provenance"));
    traces.forEach((name, v) -> {
      if (v instanceof TraceProfile p) {
        TraceMetadata m = p.metadata();
        t.stringColumn("trace").append(name);
        t.doubleColumn("ram_mib").append(m.ramPages() * m.pageSize() / 1048576.0);
        t.doubleColumn("duration_s").append(p.durationS());
        t.longColumn("events").append(p.events());
        t.longColumn("distinct_pages").append(p.distinctPages());
        t.doubleColumn("mean_dirty_rate").append(p.meanDirtyRate());
        t.stringColumn("hypervisor").append(m.hypervisor());
        List<String> prov = new ArrayList<>();
        for (String s : new String[] {m.workload(), m.recordedBy()}) {
          if (!s.isBlank()) {
            prov.add(s);
          }
        }
        t.stringColumn("provenance").append(String.join("; ", prov));
      }
    });
    return t;
  }

  /** Builds every chart; returns notes on traces whose charts are missing. */
  private static List<String> charts(Results r, Map<String, Object> traces, Charts charts) {
    Table runs = r.runs().where(r.runs().stringColumn("status").isEqualTo("ok")).sortAscendingOn("run_id");
    Table rounds = r.rounds();
    List<String> notes = new ArrayList<>();
    for (String trace : traces.keySet()) {
      Table tr = runs.where(runs.stringColumn("trace_name").isEqualTo(trace));
      for (long bw : tr.longColumn("bandwidth_bps").unique().asLongArray()) {
        Table at = tr.where(tr.longColumn("bandwidth_bps").isEqualTo(bw));
        List<Charts.Series> s = new ArrayList<>();
        for (int i = 0; i < at.rowCount(); i++) {
          Table rr = rounds.where(rounds.longColumn("run_id").isEqualTo(at.longColumn("run_id").get(i)))
              .sortAscendingOn("round");
          s.add(new Charts.Series(seriesName(at, i, false), rr.intColumn("round").asDoubleColumn().asDoubleArray(),
              rr.longColumn("pages_sent").asDoubleColumn().asDoubleArray()));
        }
        charts.lines(trace + ": pages sent per round at " + Units.formatBandwidth(bw), "round", "pages sent",
            false, false, s);
      }
    }
    for (String[] metric : new String[][] {{"total_time_s", "total migration time (s)", "log"},
        {"bytes_sent", "data sent (MiB)", "lin"}, {"downtime_s", "downtime (s)", "log"}}) {
      List<Charts.Series> s = new ArrayList<>();
      Map<String, Table> groups = new LinkedHashMap<>();
      for (int i = 0; i < runs.rowCount(); i++) {
        groups.computeIfAbsent(seriesName(runs, i, true), k -> runs.emptyCopy()).addRow(i, runs);
      }
      groups.forEach((name, g) -> {
        Table sorted = g.sortAscendingOn("bandwidth_bps");
        double[] y = sorted.numberColumn(metric[0]).asDoubleArray();
        if (metric[0].equals("bytes_sent")) {
          for (int i = 0; i < y.length; i++) {
            y[i] /= 1048576.0;
          }
        }
        s.add(new Charts.Series(name, sorted.longColumn("bandwidth_bps").asDoubleColumn().asDoubleArray(), y));
      });
      charts.lines(metric[1] + " against bandwidth", "bandwidth (bit/s)", metric[1], true, metric[2].equals("log"), s);
    }
    traces.forEach((name, v) -> {
      if (v instanceof TraceProfile p) {
        TraceProfile.Series rate = p.dirtyRate();
        TraceProfile.Series wws = p.workingSets().get(1);
        charts.lines(name + ": dirty pages per second and writable working set", "time (s)", "pages",
            false, false, List.of(
                new Charts.Series("dirty pages/s", starts(rate), rate.values()),
                new Charts.Series("WWS, distinct pages per 1 s window", starts(wws), wws.values())));
      } else {
        notes.add(name + ": " + v);
      }
    });
    return notes;
  }

  private static double[] starts(TraceProfile.Series s) {
    double[] x = new double[s.values().length];
    for (int i = 0; i < x.length; i++) {
      x[i] = s.startS(i);
    }
    return x;
  }

  private static String seriesName(Table t, int i, boolean withTrace) {
    String name = t.stringColumn("algorithm").get(i);
    return (withTrace ? t.stringColumn("trace_name").get(i) + " " : "") + name;
  }

  private static String markdown(Table comparison, Table averages, List<String> verdict, Table traces,
      List<String> notes, Options o) {
    StringBuilder b = new StringBuilder("# migreplay report\n\n");
    b.append("## Averages against ").append(o.baseline()).append(" and the paper\n\n");
    b.append(TableFormat.markdown(averages, AVERAGE_COLUMNS)).append('\n');
    verdict.forEach(v -> b.append("- ").append(v).append('\n'));
    b.append("\n## Comparison\n\nReductions are against ").append(o.baseline())
        .append(" on the same trace and network, in percent (positive: less than the baseline).\n\n");
    b.append(TableFormat.markdown(comparison, COMPARISON_COLUMNS));
    b.append("\n## Traces\n\n").append(TableFormat.markdown(traces, TRACE_COLUMNS));
    notes.forEach(n -> b.append("\n- ").append(n));
    return b.append('\n').toString();
  }

  private static String html(Table comparison, Table averages, List<String> verdict, Table traces,
      List<String> notes, Charts charts, Options o, Path resultsDir) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>\n")
        .append("<meta name=viewport content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>migreplay report</title>\n<style>").append(CSS).append("</style>\n<script>")
        .append(plotly().replace("</script", "<\\/script")).append("</script>\n</head><body>\n");
    b.append("<h1>migreplay report</h1>\n<p class=lede>Replayed live migrations from recorded dirty-page traces. ")
        .append(comparison.rowCount()).append(" runs over ").append(traces.rowCount() + notes.size())
        .append(" traces; baseline <b>").append(TableFormat.escape(o.baseline())).append("</b>.</p>\n");
    b.append("<h2>Averages and the paper</h2>\n<p>Mean reductions of data and total time over every trace and "
        + "bandwidth where both the algorithm and the baseline finished (downtime: the median, since near-zero "
        + "baseline downtimes make percentages explode), beside Ma, Liu and Liu (ICSESS 2010): 34% less data, "
        + "32.5% less total time, at most 5 rounds.</p>\n");
    b.append(TableFormat.html(averages, AVERAGE_COLUMNS)).append("<ul class=verdict>");
    verdict.forEach(v -> b.append("<li>").append(TableFormat.escape(v)).append("</li>"));
    b.append("</ul>\n<h2>Comparison</h2>\n<p>Per trace and bandwidth. Reductions (−%) are against the baseline on the "
        + "same trace and network; positive is better.</p>\n");
    b.append(TableFormat.html(comparison, COMPARISON_COLUMNS));
    b.append("<h2>Traces</h2>\n").append(TableFormat.html(traces, TRACE_COLUMNS));
    for (String n : notes) {
      b.append("<p class=note>").append(TableFormat.escape(n)).append("</p>\n");
    }
    b.append("<h2>Charts</h2>\n<p class=note>Series longer than ").append(Charts.MAX_POINTS)
        .append(" points are thinned evenly.</p>\n<div class=charts>\n");
    for (Charts.Chart c : charts.all()) {
      b.append("<figure class=chart>").append(c.html()).append("</figure>\n");
    }
    b.append("</div>\n<footer>Written by migreplay from ").append(TableFormat.escape(resultsDir.toString()))
        .append(".</footer>\n</body></html>\n");
    return b.toString();
  }

  private static String plotly() throws IOException {
    try (InputStream in = Report.class.getClassLoader().getResourceAsStream(PLOTLY)) {
      if (in == null) {
        throw new IOException("plotly.js is missing from the classpath (" + PLOTLY + ")");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static final String CSS = String.join("\n",
      "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1200px;"
          + "padding:0 16px;color:#222}",
      "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}",
      ".lede{color:#555;margin-top:0}.note{color:#666;font-size:12px}",
      "table{border-collapse:collapse;margin:8px 0;font-size:13px}",
      "th,td{padding:3px 8px;border-bottom:1px solid #e4e4e4;text-align:left}",
      "th{background:#f4f6f8;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}",
      "tbody tr:hover{background:#fafbfc}.verdict li{margin:2px 0}",
      ".charts{display:flex;flex-wrap:wrap;gap:8px}figure.chart{margin:0;border:1px solid #eee}",
      "footer{margin-top:24px;color:#888;font-size:12px}",
      "@media print{body{max-width:none;margin:0}figure.chart{break-inside:avoid}tbody tr:hover{background:none}}");
}
