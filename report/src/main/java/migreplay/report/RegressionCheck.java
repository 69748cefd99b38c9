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
 * trace_end, within_epoch, resume_overhead_us) with a Tablesaw join. Outcome first ({@link
 * migreplay.report.Outcome}): a run
 * that did not complete (or failed) where the baseline's completed is a regression, the reverse an
 * improvement; only runs that completed on both sides have their downtime compared. A metric is a regression
 * when it grew by more than the relative tolerance and, for a time (a column ending in {@code _s}), by more
 * than the time tolerance too (a 0.16 ms downtime moving by 0.01 ms is +6 % but no regression); an
 * improvement when it shrank by as much; exactly a tolerance is neither. A run on one side only fails the
 * check unless missing runs are allowed. A check in which no run matched fails whatever is allowed: it
 * compared nothing.
 *
 * <p>Each side's {@code runs.arrow} is read, and its {@code runs.csv} must say the same, value for value: what
 * a person reviews (the CSV's diff) is what is checked; a hand-edited or stale CSV is refused naming its line.
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
  public record Outcome(List<Finding> findings, int matched, boolean allowMissing, List<String> emptyMetrics) {
    public Outcome {
      emptyMetrics = List.copyOf(emptyMetrics);
    }

    public Outcome(List<Finding> findings, int matched, boolean allowMissing) {
      this(findings, matched, allowMissing, List.of());
    }

    public boolean failed() {
      return matched == 0 || !emptyMetrics.isEmpty() || findings.stream().anyMatch(f -> f.kind() == Kind.REGRESSION
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
      b.append(String.format(Locale.US, "%s: %s matched, %s, %s, %d missing%s%s%s%n",
          failed() ? "FAIL" : "PASS", Words.count(matched, "run"), Words.count(count(Kind.REGRESSION), "regression"),
          Words.count(count(Kind.IMPROVEMENT), "improvement"), count(Kind.MISSING),
          allowMissing && count(Kind.MISSING) > 0 ? " (allowed)" : "",
          matched == 0 ? "; no run matched the baseline, so nothing was compared" : "",
          emptyMetrics.isEmpty() ? "" : "; " + String.join(", ", emptyMetrics) + " empty on every matched run on both "
              + "sides, so nothing was compared (a column the algorithm does not have, e.g. the QEMU counters of "
              + "the Xen family)"));
      return b.toString();
    }
  }

  private RegressionCheck() {}

  /** The default time tolerance: QEMU reports downtime in whole milliseconds. */
  public static final double DEFAULT_TIME_TOLERANCE_S = 0.001;

  /**
   * With the default time tolerance (1 ms).
   *
   * @param tolerance relative tolerance, e.g. 0.01 for 1%
   */
  public static Outcome check(Path results, Path baseline, List<String> metrics, double tolerance,
      boolean allowMissing) throws IOException {
    return check(results, baseline, metrics, tolerance, DEFAULT_TIME_TOLERANCE_S, allowMissing);
  }

  /**
   * @param tolerance relative tolerance, e.g. 0.01 for 1%
   * @param timeToleranceS a time metric that moved by at most this many seconds is no change
   * @throws BadInputException when a side's runs.csv and runs.arrow disagree
   */
  public static Outcome check(Path results, Path baseline, List<String> metrics, double tolerance,
      double timeToleranceS, boolean allowMissing) throws IOException {
    Table cur = readAgreeing(results);
    Table base = readAgreeing(baseline);
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
    java.util.Map<String, Integer> compared = new java.util.LinkedHashMap<>();
    int matched = 0;
    boolean comparable = false; // some run completed or was cancelled on both sides: its metrics are compared
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
      migreplay.report.Outcome st = outcome(sorted, i, "");
      migreplay.report.Outcome bst = outcome(sorted, i, "base_");
      if (st != bst) {
        // Completed beats not converged beats failed.
        findings.add(new Finding(key, "outcome", bst.label(), st.label(), "", st.ordinal() < bst.ordinal()
            ? Kind.IMPROVEMENT : Kind.REGRESSION));
        continue;
      }
      if (st == migreplay.report.Outcome.FAILED) {
        continue; // failed on both sides: no measures to compare
      }
      comparable = true;
      for (String m : metrics) {
        if (st != migreplay.report.Outcome.COMPLETED && m.startsWith("downtime")) {
          continue; // cancelled on both sides: neither has a downtime
        }
        boolean missing = sorted.column(m).isMissing(i);
        boolean baseMissing = sorted.column("base_" + m).isMissing(i);
        if (missing && baseMissing) {
          continue; // a column this algorithm does not have (the QEMU counters of the Xen family): nothing to compare
        }
        compared.merge(m, 1, Integer::sum);
        if (missing || baseMissing) { // a measure that appeared or vanished cannot pass as unchanged
          findings.add(new Finding(key, m, baseMissing ? "empty" : num(sorted.numberColumn("base_" + m).getDouble(i)),
              missing ? "empty" : num(sorted.numberColumn(m).getDouble(i)), "not comparable", Kind.REGRESSION));
          continue;
        }
        double v = sorted.numberColumn(m).getDouble(i);
        double bv = sorted.numberColumn("base_" + m).getDouble(i);
        double rel = bv == 0 ? (v == 0 ? 0 : Double.POSITIVE_INFINITY * Math.signum(v)) : (v - bv) / Math.abs(bv);
        boolean time = m.endsWith("_s");
        if (Math.abs(rel) > tolerance && (!time || Math.abs(v - bv) > timeToleranceS)) {
          findings.add(new Finding(key, m, num(bv), num(v), String.format(Locale.US, "%+.2f%%", rel * 100),
              rel > 0 ? Kind.REGRESSION : Kind.IMPROVEMENT));
        }
      }
    }
    List<String> empty = new ArrayList<>();
    for (String m : metrics) {
      if (comparable && !compared.containsKey(m) && !(m.startsWith("downtime") && noneCompleted(sorted))) {
        empty.add(m);
      }
    }
    return new Outcome(findings, matched, allowMissing, empty);
  }

  private static boolean noneCompleted(Table t) {
    for (int i = 0; i < t.rowCount(); i++) {
      if (!t.column("status").isMissing(i) && !t.stringColumn("status").get(i).isEmpty()
          && outcome(t, i, "") == migreplay.report.Outcome.COMPLETED) {
        return false;
      }
    }
    return true;
  }

  private static migreplay.report.Outcome outcome(Table t, int i, String prefix) {
    String ms = t.containsColumn(prefix + "migration_status") && !t.column(prefix + "migration_status").isMissing(i)
        ? t.stringColumn(prefix + "migration_status").get(i) : "";
    return migreplay.report.Outcome.of(t.stringColumn(prefix + "status").get(i), ms);
  }

  /**
   * {@code dir}'s runs.arrow, after checking that its runs.csv holds the same columns, rows and values (each
   * value as the results writer prints it).
   *
   * @throws BadInputException naming the CSV's line and column where they differ
   */
  static Table readAgreeing(Path dir) throws IOException {
    Path arrow = dir.resolve("runs.arrow");
    Path csv = dir.resolve("runs.csv");
    Table t = Results.read(arrow, Results.RUN_COLUMNS, new java.util.TreeMap<>(), migreplay.results.ResultsWriter.runTypes());
    if (!java.nio.file.Files.isRegularFile(csv)) {
      throw new BadInputException(csv.toString(), "no such file; check compares runs.csv with runs.arrow (both are "
          + "written by migreplay replay): keep the two together");
    }
    String both = "; runs.csv and runs.arrow must say the same (both are written by migreplay replay; regenerate "
        + "them rather than edit one)";
    try (java.io.Reader r = java.nio.file.Files.newBufferedReader(csv, java.nio.charset.StandardCharsets.UTF_8);
         org.apache.commons.csv.CSVParser p = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader()
             .setSkipHeaderRecord(true).get().parse(r)) {
      List<String> header = p.getHeaderNames();
      if (!header.equals(t.columnNames())) {
        throw new BadInputException(csv + ":1", "columns " + header + " but runs.arrow has " + t.columnNames() + both);
      }
      int row = 0;
      for (org.apache.commons.csv.CSVRecord rec : p) {
        if (row >= t.rowCount()) {
          throw new BadInputException(csv + ":" + (rec.getRecordNumber() + 1), "more runs than runs.arrow's "
              + t.rowCount() + both);
        }
        for (int c = 0; c < header.size(); c++) {
          String expected = t.column(c).isMissing(row) ? "" : String.valueOf(t.column(c).get(row));
          String found = c < rec.size() ? rec.get(c) : "";
          if (!expected.equals(found) && !sameNumber(t.column(c), row, found)) {
            throw new BadInputException(csv + ":" + (rec.getRecordNumber() + 1), "column " + header.get(c) + " is "
                + migreplay.io.Quote.of(found) + " but runs.arrow has " + migreplay.io.Quote.of(expected) + both);
          }
        }
        row++;
      }
      if (row != t.rowCount()) {
        throw new BadInputException(csv.toString(), row + " runs but runs.arrow has " + t.rowCount() + both);
      }
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new BadInputException(csv.toString(), "not a readable CSV (" + e.getMessage() + ")" + both, e);
    }
    return t;
  }

  /** Whether a CSV cell written by another tool says the same number ({@code 8} for 8.0, {@code 5.0} for 5). */
  private static boolean sameNumber(tech.tablesaw.columns.Column<?> c, int row, String found) {
    if (!(c instanceof tech.tablesaw.api.NumericColumn<?> n) || c.isMissing(row) || found.isBlank()
        || !found.trim().matches("[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?")) {
      return false;
    }
    return Double.parseDouble(found.trim()) == n.getDouble(row);
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
