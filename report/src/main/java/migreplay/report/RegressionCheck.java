package migreplay.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import migreplay.replay.params.Units;
import migreplay.io.BadInputException;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@code migreplay check}: compares results against a baseline results directory, for CI gates on algorithm
 * changes. Runs are matched on (trace_name, algorithm, params, bandwidth_bps, page_header_bytes, start_us,
 * trace_end, within_epoch, resume_overhead_us) with a Tablesaw join; a metric is a regression when it grew
 * by more than the tolerance (relative), an improvement when it shrank by more; exactly the tolerance is
 * neither. A run that failed where the baseline's finished is a regression; a run on one side only fails the
 * check unless missing runs are allowed. A check in which no run matched fails whatever is allowed: it
 * compared nothing.
 */
public final class RegressionCheck {
  static final String[] KEY = {"trace_name", "algorithm", "params", "bandwidth_bps", "page_header_bytes", "start_us",
      "trace_end", "within_epoch", "resume_overhead_us"};
  public static final List<String> DEFAULT_METRICS = List.of("total_time_s", "bytes_sent", "downtime_s");

  /** One finding: a metric that moved, a status change, or a run on one side only. */
  public record Finding(String run, String metric, String baseline, String current, String change, Kind kind) {}

  /** What a finding means for the verdict. */
  public enum Kind { REGRESSION, IMPROVEMENT, MISSING }

  /** The outcome: every finding, and the runs compared. */
  public record Outcome(List<Finding> findings, int matched, boolean allowMissing) {
    public boolean failed() {
      return matched == 0 || findings.stream().anyMatch(f -> f.kind() == Kind.REGRESSION
          || (f.kind() == Kind.MISSING && !allowMissing));
    }

    public long count(Kind k) {
      return findings.stream().filter(f -> f.kind() == k).count();
    }

    /** A fixed-width table of findings and a one-line verdict. */
    public String format() {
      StringBuilder b = new StringBuilder();
      if (!findings.isEmpty()) {
        String fmt = "%-11s %-90s %-14s %14s %14s %9s%n";
        b.append(String.format(Locale.US, fmt, "kind", "run", "metric", "baseline", "current", "change"));
        for (Finding f : findings) {
          b.append(String.format(Locale.US, fmt, f.kind().name().toLowerCase(Locale.ROOT), f.run(), f.metric(),
              f.baseline(), f.current(), f.change()));
        }
      }
      b.append(String.format(Locale.US, "%s: %d runs matched, %d regressions, %d improvements, %d missing%s%s%n",
          failed() ? "FAIL" : "PASS", matched, count(Kind.REGRESSION), count(Kind.IMPROVEMENT), count(Kind.MISSING),
          allowMissing && count(Kind.MISSING) > 0 ? " (allowed)" : "",
          matched == 0 ? "; no run matched the baseline, so nothing was compared" : ""));
      return b.toString();
    }
  }

  private RegressionCheck() {}

  /**
   * @param tolerance relative tolerance, e.g. 0.01 for 1%
   */
  public static Outcome check(Path results, Path baseline, List<String> metrics, double tolerance,
      boolean allowMissing) throws IOException {
    Table cur = Results.read(results.resolve("runs.arrow"), Results.RUN_COLUMNS);
    Table base = Results.read(baseline.resolve("runs.arrow"), Results.RUN_COLUMNS);
    for (String m : metrics) {
      if (!cur.containsColumn(m) || !(cur.column(m) instanceof tech.tablesaw.api.NumericColumn<?>)) {
        throw new IllegalArgumentException("unknown metric '" + m + "'; numeric runs columns are "
            + cur.numericColumns().stream().map(c -> c.name()).toList());
      }
    }
    Table c = keyed(cur, "");
    Table b = keyed(base, "base_");
    Table joined = c.joinOn("key").fullOuter(b);
    List<Finding> findings = new ArrayList<>();
    int matched = 0;
    Table sorted = joined.sortAscendingOn("key");
    for (int i = 0; i < sorted.rowCount(); i++) {
      String key = sorted.stringColumn("key").get(i);
      boolean inCur = !sorted.column("status").isMissing(i) && !sorted.stringColumn("status").get(i).isEmpty();
      boolean inBase = !sorted.column("base_status").isMissing(i) && !sorted.stringColumn("base_status").get(i).isEmpty();
      if (!inCur || !inBase) {
        findings.add(new Finding(key, "run", inBase ? "present" : "absent", inCur ? "present" : "absent", "",
            Kind.MISSING));
        continue;
      }
      matched++;
      String st = sorted.stringColumn("status").get(i);
      String bst = sorted.stringColumn("base_status").get(i);
      if (!st.equals(bst)) {
        findings.add(new Finding(key, "status", bst, st, "", st.equals("ok") ? Kind.IMPROVEMENT : Kind.REGRESSION));
        continue;
      }
      if (!st.equals("ok")) {
        continue; // failed on both sides: no measures to compare
      }
      for (String m : metrics) {
        double v = sorted.numberColumn(m).getDouble(i);
        double bv = sorted.numberColumn("base_" + m).getDouble(i);
        double rel = bv == 0 ? (v == 0 ? 0 : Double.POSITIVE_INFINITY * Math.signum(v)) : (v - bv) / Math.abs(bv);
        if (Math.abs(rel) > tolerance) {
          findings.add(new Finding(key, m, num(bv), num(v), String.format(Locale.US, "%+.2f%%", rel * 100),
              rel > 0 ? Kind.REGRESSION : Kind.IMPROVEMENT));
        }
      }
    }
    return new Outcome(findings, matched, allowMissing);
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.US, "%.6g", v);
  }

  /** The runs with a match key column and the other columns prefixed. */
  private static Table keyed(Table runs, String prefix) {
    StringColumn key = StringColumn.create("key");
    for (int i = 0; i < runs.rowCount(); i++) {
      String params = runs.stringColumn("params").get(i);
      key.append(String.format(Locale.US, "%s %s %s %s hdr=%d start=%dus end=%s epoch=%s resume=%dus",
          runs.stringColumn("trace_name").get(i), runs.stringColumn("algorithm").get(i),
          params.isEmpty() ? "-" : params, Units.formatBandwidth(runs.longColumn("bandwidth_bps").get(i)),
          runs.longColumn("page_header_bytes").get(i), runs.longColumn("start_us").get(i),
          runs.stringColumn("trace_end").get(i), runs.stringColumn("within_epoch").get(i),
          runs.longColumn("resume_overhead_us").get(i)));
    }
    if (key.countUnique() != key.size()) {
      throw new BadInputException(runs.name(), "two runs with the same trace, algorithm, parameters and options;"
          + " a results directory must name each run once");
    }
    Table t = Table.create(runs.name(), key);
    for (String col : runs.columnNames()) {
      t.addColumns(runs.column(col).copy().setName(prefix + col));
    }
    return t;
  }
}
