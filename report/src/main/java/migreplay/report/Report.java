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
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceProfile;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@code migreplay report}: from a results directory, writes {@code index.html} (self-contained: styles,
 * plotly and data inlined; no network request), {@code summary.md} (the same headline and tables in
 * Markdown) and {@code comparison.csv}. Never re-runs replay. The output is deterministic: the same results
 * give byte-identical files.
 */
public final class Report {
  /**
   * @param baseline what {@code --baseline} asked for, or null for the default ({@link Baseline#choose})
   * @param maxDowntimeMs the downtime objective of the decision ({@code --max-downtime})
   */
  public record Options(Baseline.Request baseline, double maxDowntimeMs) {
    public static final double DEFAULT_MAX_DOWNTIME_MS = 300;
    public static final Options DEFAULT = new Options(null, DEFAULT_MAX_DOWNTIME_MS);
  }

  /** comparison.csv: every column, full parameters, plain fixed-decimal numbers. */
  static final List<String> CSV_COLUMNS = List.of("trace", "bandwidth_bps", "algorithm", "params", "outcome",
      "converged", "trace_laps", "data_mib", "total_time_s", "downtime_ms", "within_objective", "rounds", "hot_pages",
      "zero_pages", "compared", "base_run_id", "base_outcome", "base_downtime_ms", "data_reduction_pct",
      "time_reduction_pct", "downtime_change_ms", "dirty_ratio", "run_id", "reason");
  static final List<String> COMPARISON_COLUMNS = List.of("trace", "bandwidth_bps", "algorithm", "variant",
      "outcome_shown", "trace_laps", "data_mib", "total_time_s", "downtime_ms", "within_objective", "rounds",
      "hot_pages", "data_reduction_pct", "time_reduction_pct", "downtime_change_ms", "compared");
  static final List<String> AVERAGE_COLUMNS = List.of("algorithm", "variant", "bandwidth_bps", "completed",
      "data_reduction_mean_pct", "data_reduction_pooled_pct", "time_reduction_mean_pct", "time_reduction_pooled_pct",
      "downtime_median_ms", "downtime_change_median_ms", "downtime_change_max_ms", "downtime_worse",
      "within_objective", "looped_runs", "max_rounds");
  static final List<String> DECISION_COLUMNS = List.of("trace", "bandwidth_bps", "recommended", "total_time_s",
      "downtime_ms", "data_mib", "trace_laps", "why");
  static final List<String> TRACE_COLUMNS = List.of("trace", "ram_mib", "duration_s", "events", "distinct_pages",
      "mean_dirty_rate", "hypervisor", "provenance");
  static final String PLOTLY = "META-INF/resources/webjars/plotly.js/1.54.1/dist/plotly-cartesian.min.js";

  private Report() {}

  /**
   * Writes the three files and returns the path of index.html.
   *
   * @throws Comparison.UnknownBaselineException when the baseline asked for has no runs in the results
   */
  public static Path write(Path resultsDir, Path reportDir, Options options) throws IOException {
    Results results = Results.load(resultsDir);
    if (results.runs().rowCount() == 0) {
      throw new migreplay.io.BadInputException(resultsDir.resolve("runs.arrow").toString(), "no runs to report");
    }
    Baseline baseline = Baseline.choose(options.baseline(), results.runs(), resultsDir.toString());
    Map<String, String> labels = Comparison.labels(results.runs());
    Map<String, Object> traces = traces(results.runs(), resultsDir);
    Table comparison = Comparison.table(results.runs(), baseline, options.maxDowntimeMs());
    Map<String, Double> dirtyBits = new LinkedHashMap<>();
    traces.forEach((name, v) -> {
      if (v instanceof TraceProfile p) {
        dirtyBits.put(name, p.meanDirtyRate() * p.metadata().pageSize() * 8);
      }
    });
    Comparison.dirtyRatios(comparison, dirtyBits);
    Table averages = Comparison.averages(comparison);
    Table decision = Decision.table(comparison, labels, options.maxDowntimeMs());
    List<String> accounting = AccountingNotes.notes(comparison, labels);
    variants(comparison, labels);
    variants(averages, labels);
    shown(comparison, averages);
    Page page = new Page(baseline, options.maxDowntimeMs(), Verdicts.headline(comparison, averages, decision, labels,
        baseline, options.maxDowntimeMs(), !accounting.isEmpty()), Verdicts.paper(averages, labels, baseline),
        accounting, decision, comparison, averages, traceTable(traces), new ArrayList<>(),
        parameterSets(results.runs()), results.provenance());
    Charts charts = new Charts();
    ReportCharts.draw(charts, results, comparison, labels, traces, baseline, options.maxDowntimeMs(), page.notes());
    AtomicOutput.checkWritable(reportDir.resolve("index.html"));
    AtomicOutput.createDirectories(reportDir);
    AtomicOutput.writeString(reportDir.resolve("comparison.csv"), TableFormat.csv(comparison, CSV_COLUMNS));
    ManagedRuns managed = ManagedRuns.of(results.runs(), labels);
    AtomicOutput.writeString(reportDir.resolve("summary.md"), markdown(page) + managed.markdown());
    Path index = reportDir.resolve("index.html");
    AtomicOutput.writeString(index, managed.intoHtml(html(page, charts, resultsDir)));
    return index;
  }

  /** What both the Markdown and the HTML page show. */
  private record Page(Baseline baseline, double maxDowntimeMs, List<String> headline, List<String> paper,
      List<String> accounting, Table decision, Table comparison, Table averages, Table traces, List<String> notes,
      Map<String, String> parameters, Map<String, String> provenance) {
    String objective() {
      return Verdicts.objective(maxDowntimeMs);
    }
  }

  /** The columns only the HTML and Markdown tables show: outcome in words, counts as "N of M". */
  private static void shown(Table comparison, Table averages) {
    StringColumn outcome = StringColumn.create("outcome_shown");
    for (int i = 0; i < comparison.rowCount(); i++) {
      Outcome o = Outcome.valueOf(comparison.stringColumn("outcome").get(i).toUpperCase(java.util.Locale.ROOT)
          .replace(' ', '_'));
      boolean converged = !comparison.booleanColumn("converged").isMissing(i)
          && comparison.booleanColumn("converged").get(i);
      outcome.append(o.cell(converged, comparison.intColumn("rounds").isMissing(i) ? 0
          : comparison.intColumn("rounds").get(i)));
    }
    comparison.addColumns(outcome);
    StringColumn completed = StringColumn.create("completed");
    StringColumn worse = StringColumn.create("downtime_worse");
    StringColumn within = StringColumn.create("within_objective");
    for (int i = 0; i < averages.rowCount(); i++) {
      int runs = averages.intColumn("runs").get(i);
      completed.append(averages.intColumn("completed_runs").get(i) + " of " + runs);
      int compared = averages.intColumn("compared_runs").get(i);
      worse.append(compared == 0 ? "–" : averages.intColumn("downtime_worse_runs").get(i) + " of " + compared);
      within.append(averages.intColumn("within_objective_runs").get(i) + " of " + runs);
    }
    averages.addColumns(completed, worse, within);
  }

  /**
   * Adds the parameters that tell an algorithm's parameter sets apart ("–" when it has one), marked
   * "(baseline)" on the averages of the baseline's own sets.
   */
  private static void variants(Table t, Map<String, String> labels) {
    StringColumn v = StringColumn.create("variant");
    for (int i = 0; i < t.rowCount(); i++) {
      String algorithm = t.stringColumn("algorithm").get(i);
      String label = labels.get(Comparison.labelKey(algorithm, t.stringColumn("params").get(i)));
      String variant = label.length() > algorithm.length() ? label.substring(algorithm.length() + 1) : "–";
      if (t.containsColumn("baseline") && t.booleanColumn("baseline").get(i)) {
        variant = variant.equals("–") ? "(baseline)" : variant + " (baseline)";
      }
      v.append(variant);
    }
    t.addColumns(v);
  }

  /** Each algorithm's parameter sets, in full. */
  private static Map<String, String> parameterSets(Table runs) {
    Map<String, java.util.Set<String>> sets = new java.util.TreeMap<>();
    for (int i = 0; i < runs.rowCount(); i++) {
      sets.computeIfAbsent(runs.stringColumn("algorithm").get(i), k -> new java.util.TreeSet<>())
          .add(runs.stringColumn("params").get(i).isEmpty() ? "(none)" : runs.stringColumn("params").get(i));
    }
    Map<String, String> out = new LinkedHashMap<>();
    sets.forEach((a, p) -> out.put(a, String.join(" | ", p)));
    return out;
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

  static final String LAPS_NOTE = "laps: times the trace was replayed; * marks a migration that outlasted its "
      + "trace, which then repeated from its start (--trace-end loop).";
  static final String OUTCOME_NOTE = "outcome: completed (the guest was paused and the rest sent), completed "
      + "(capped) (the live rounds hit max_rounds or max_factor before converging; the rest was sent with the guest "
      + "paused), not converged (cancelled by the timeout while still iterating: no downtime; ≥ marks the data and "
      + "time it had spent when cancelled) or failed (the replay could not run: no measures). Only runs that "
      + "completed have a downtime, are compared, and enter the averages.";
  static final String REDUCTION_NOTE = "Reductions (−%) of data and total time are against the baseline run on "
      + "the same trace and link (the one whose other parameters are the run's), positive when better; downtime Δ "
      + "is the change in ms, positive when longer; both only when the run and its baseline completed.";
  static final String AVERAGES_NOTE = "Per parameter set and link, never pooled across links or parameters. Of "
      + "data and total time, two averages of the reductions: the mean of per-trace reductions (each trace "
      + "counts the same) and pooled (Σ baseline − Σ run over Σ baseline: a trace counts by its bytes or seconds). "
      + "Downtime: the median of the completed runs, and its change against the baseline in ms (median, largest, "
      + "and in how many compared runs it was longer). completed: runs that completed of all; within: runs that "
      + "completed within the downtime objective.";

  private static String decisionIntro(Page p) {
    return "Per trace and link, the fastest run that completes with a downtime within " + p.objective()
        + " (--max-downtime), of every algorithm and parameter set; a run that did not complete or went over the "
        + "objective is never recommended, whatever it saves.";
  }

  private static String markdown(Page p) {
    StringBuilder b = new StringBuilder("# migreplay report\n\n");
    b.append(String.join(" ", p.headline()));
    b.append("\n\n").append(lede(p)).append("\n\n## Decision under a ").append(p.objective())
        .append(" downtime objective\n\n").append(decisionIntro(p)).append("\n\n");
    b.append(TableFormat.markdown(p.decision(), DECISION_COLUMNS));
    b.append("\n## Averages against ").append(p.baseline().label()).append(", per link and parameter set\n\n")
        .append(AVERAGES_NOTE).append("\n\n");
    b.append(TableFormat.markdown(p.averages(), AVERAGE_COLUMNS)).append('\n');
    p.paper().forEach(v -> b.append("- ").append(v).append('\n'));
    if (!p.accounting().isEmpty()) {
      b.append("\n### Where Xen and QEMU algorithms meet\n\n");
      p.accounting().forEach(v -> b.append("- ").append(v).append('\n'));
    }
    b.append("\n## Comparison\n\n").append(OUTCOME_NOTE).append(' ').append(REDUCTION_NOTE).append(' ')
        .append(LAPS_NOTE).append("\n\n");
    b.append(TableFormat.markdown(p.comparison(), COMPARISON_COLUMNS));
    b.append("\nParameters:\n\n");
    p.parameters().forEach((a, s) -> b.append("- ").append(a).append(": ").append(s).append('\n'));
    b.append("\n## Traces\n\n").append(TableFormat.markdown(p.traces(), TRACE_COLUMNS));
    p.notes().forEach(n -> b.append("\n- ").append(n));
    b.append("\n\n").append(provenance(p.provenance()).replace("\n", "  \n")).append('\n');
    return b.toString();
  }

  /** "9 runs over 1 trace; baseline xen-precopy (the default ...); downtime objective 300 ms." */
  private static String lede(Page p) {
    long traces = p.traces().rowCount() + p.notes().stream().filter(n -> n.contains("could not be read")).count();
    return Words.count(p.comparison().rowCount(), "run") + " over " + Words.count(traces, "trace") + "; baseline "
        + p.baseline().label() + " (" + p.baseline().why() + "); downtime objective " + p.objective() + ".";
  }

  /** The results' provenance, one item a line. */
  static String provenance(Map<String, String> prov) {
    if (prov.isEmpty()) {
      return "Results written by a migreplay that did not record its provenance.";
    }
    StringBuilder b = new StringBuilder();
    b.append("Results written by migreplay ").append(prov.getOrDefault("migreplay.version", "?")).append(": ")
        .append(prov.getOrDefault("migreplay.command", "?")).append('\n');
    String options = prov.getOrDefault("migreplay.options", "").strip().replace("\n", " ");
    if (!options.isEmpty()) {
      b.append("Options: ").append(options).append('\n');
    }
    return b.toString().strip();
  }

  private static String html(Page p, Charts charts, Path resultsDir) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>\n")
        .append("<meta name=viewport content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>migreplay report</title>\n<style>").append(CSS).append("</style>\n<script>")
        .append(plotly().replace("</script", "<\\/script")).append("</script>\n</head><body>\n");
    b.append("<h1>migreplay report</h1>\n<p class=headline>");
    b.append(TableFormat.escape(String.join(" ", p.headline()))).append("</p>\n");
    b.append("<p class=lede>").append(TableFormat.escape(lede(p))).append("</p>\n");
    b.append("<h2>Decision under a ").append(TableFormat.escape(p.objective())).append(" downtime objective</h2>\n<p>")
        .append(TableFormat.escape(decisionIntro(p))).append("</p>\n");
    b.append(TableFormat.html(p.decision(), DECISION_COLUMNS));
    b.append("<h2>Averages against ").append(TableFormat.escape(p.baseline().label()))
        .append(", per link and parameter set</h2>\n<p>").append(TableFormat.escape(AVERAGES_NOTE)).append("</p>\n");
    b.append(TableFormat.html(p.averages(), AVERAGE_COLUMNS)).append("<ul class=verdict>");
    p.paper().forEach(v -> b.append("<li>").append(TableFormat.escape(v)).append("</li>"));
    b.append("</ul>\n");
    if (!p.accounting().isEmpty()) {
      b.append("<h3>Where Xen and QEMU algorithms meet</h3>\n<ul class=verdict>");
      p.accounting().forEach(v -> b.append("<li>").append(TableFormat.escape(v)).append("</li>"));
      b.append("</ul>\n");
    }
    b.append("<h2>Comparison</h2>\n<p>").append(TableFormat.escape(OUTCOME_NOTE + " " + REDUCTION_NOTE + " "
        + LAPS_NOTE)).append("</p>\n");
    b.append(TableFormat.html(p.comparison(), COMPARISON_COLUMNS));
    b.append("<p class=note>Parameters: ");
    List<String> params = new ArrayList<>();
    p.parameters().forEach((a, s) -> params.add("<b>" + TableFormat.escape(a) + "</b> " + TableFormat.escape(s)));
    b.append(String.join("; ", params)).append(".</p>\n");
    b.append("<h2>Traces</h2>\n").append(TableFormat.html(p.traces(), TRACE_COLUMNS));
    for (String n : p.notes()) {
      b.append("<p class=note>").append(TableFormat.escape(n)).append("</p>\n");
    }
    b.append("<h2>Charts</h2>\n<p class=note>").append(TableFormat.escape(Charts.NOTE)).append("</p>\n<div class=charts>\n");
    for (Charts.Chart c : charts.all()) {
      b.append("<figure class=chart>").append(c.html()).append("</figure>\n");
    }
    b.append("</div>\n<footer>Report of ").append(TableFormat.escape(resultsDir.toString())).append(". ")
        .append(TableFormat.escape(provenance(p.provenance())).replace("\n", "<br>\n"))
        .append("</footer>\n</body></html>\n");
    return b.toString();
  }

  static String plotly() throws IOException {
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
      ".headline{font-size:16px;max-width:60em}.lede{color:#555;margin-top:0}.note{color:#666;font-size:12px;overflow-wrap:anywhere}",
      "table{border-collapse:collapse;margin:8px 0;font-size:13px}",
      "th,td{padding:3px 6px;border-bottom:1px solid #e4e4e4;text-align:left}",
      // Text cells wrap (at spaces, or anywhere in a long parameter string) so that a wide table fits the page;
      // numbers never wrap.
      "th{background:#f4f6f8;font-weight:600;vertical-align:bottom}td{overflow-wrap:anywhere;min-width:3em}"
          + "td.num{text-align:right;font-variant-numeric:tabular-nums;min-width:0}td.nw{white-space:nowrap}",
      "h3{font-size:15px;margin:18px 0 6px}",
      "tbody tr:hover{background:#fafbfc}.verdict li{margin:2px 0}",
      ".charts{display:flex;flex-wrap:wrap;gap:8px}figure.chart{margin:0;border:1px solid #eee}",
      "footer{margin-top:24px;color:#666;font-size:12px;overflow-wrap:anywhere}",
      "@page{size:A4 landscape;margin:10mm}",
      "@media print{body{max-width:none;margin:0;padding:0;font-size:11px}table{font-size:10px}td{white-space:normal}"
          + "figure.chart{break-inside:avoid}tr{break-inside:avoid}tbody tr:hover{background:none}}");
}
