package migreplay.validate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import migreplay.report.HtmlPage;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@code index.html} of a validation: the summary, a table of real against modelled values with the error,
 * the host costs the predictions ran with, and per record one chart of the real and modelled
 * {@code transferred} and {@code remaining} over time.
 */
final class ValidationPage {
  private static final double MIB = 1048576.0;
  /** The dirty log a prediction ran with, and its share of written pages found. */
  private static final String LOG = "dirty log";
  /** QEMU's max-bandwidth, which the pre-copy throughput compares with. */
  private static final String CAP = "cap (MiB/s)";

  private ValidationPage() {}

  static String html(Validation.Outcome o, Summary s, String source) throws IOException {
    HtmlPage page = new HtmlPage("migreplay validation");
    page.paragraph("Real QEMU migrations against qemu-precopy's predictions from their traces: " + s.line() + ".");
    String held = Summary.holdBackLine(o.rows());
    if (!held.isEmpty()) {
      page.paragraph("Of them, the " + held + ".");
    }
    String shortfall = CapShortfall.describe(o.rows());
    if (!shortfall.isEmpty()) {
      page.paragraph(shortfall + ".");
    }
    page.note("Each cell is real / model (error = (model − real) / real). A migration that did not converge is "
        + "compared at its cancel time. Sizes in MiB. Pre-copy: the bytes sent while iterating over the time spent "
        + "iterating (total time but setup and downtime), MiB/s, against the cap QEMU was given. Downtime is "
        + "compared only where both completed. Dirty log: exact, or QEMU 7.2's under TCG with the share of "
        + "written pages its syncs find, measured on the other migrations of the same trace.");
    List<String> columns = new ArrayList<>(List.of("record", "trace", "converged"));
    for (Metric m : Metric.values()) {
      columns.add(heading(m));
    }
    columns.add(CAP);
    columns.add(LOG);
    page.table(display(o.rows(), columns), columns);
    page.heading("Host costs");
    page.paragraph(costs(o));
    page.heading("Progress over time");
    for (Validation.Row r : o.rows()) {
      page.lineChart(r.record().name() + " (" + r.record().guest().trace() + ")", "time since migrate (s)", "MiB", List.of(
          line("real transferred", r.record().series(), true),
          line("model transferred", r.model().series(), true),
          line("real remaining", r.record().series(), false),
          line("model remaining", r.model().series(), false)));
    }
    return page.render("Written by migreplay validate from " + source + ".");
  }

  private static String heading(Metric m) {
    return switch (m) {
      case TOTAL_TIME_S -> "total time (s)";
      case TRANSFERRED_BYTES -> "transferred (MiB)";
      case DOWNTIME_BYTES -> "downtime bytes (MiB)";
      case REMAINING_BYTES -> "remaining (MiB)";
      case DOWNTIME_S -> "downtime (s)";
      case PRECOPY_THROUGHPUT -> "pre-copy (MiB/s)";
      case POSTCOPY_BYTES -> "post-copy (MiB)";
      case FAULT_WAIT_S -> "fault wait (s)";
      default -> m.column().replace('_', ' ');
    };
  }

  private static Table display(List<Validation.Row> rows, List<String> columns) {
    Table t = Table.create("validation");
    columns.forEach(c -> t.addColumns(StringColumn.create(c)));
    for (Validation.Row r : rows) {
      t.stringColumn("record").append(r.record().name());
      t.stringColumn("trace").append(r.record().guest().trace());
      t.stringColumn("converged").append(yesNo(r.real().converged()) + " / " + yesNo(r.model().totals().converged()));
      for (Metric m : Metric.values()) {
        t.stringColumn(heading(m)).append(number(m, m.of(r.real())) + " / " + number(m, m.of(r.model().totals()))
            + " (" + signedPct(r.error(m)) + ")");
      }
      t.stringColumn(CAP).append(String.format(Locale.US, "%.1f", r.record().request().maxBandwidthBytesPerS() / MIB));
      Double share = r.record().request().lossyDirtyLog() ? r.costs().get(Predictor.LOG_SHARE) : null;
      t.stringColumn(LOG).append(share == null ? "exact" : String.format(Locale.US, "tcg-7.2, %.3f", share));
    }
    return t;
  }

  private static String number(Metric m, double v) {
    return switch (m) {
      case TOTAL_TIME_S -> String.format(Locale.US, "%.2f", v);
      case DOWNTIME_S, FAULT_WAIT_S -> Double.isNaN(v) ? "–" : String.format(Locale.US, "%.3f", v);
      case PRECOPY_THROUGHPUT -> Double.isNaN(v) ? "–" : String.format(Locale.US, "%.1f", v / MIB);
      case TRANSFERRED_BYTES, DOWNTIME_BYTES, REMAINING_BYTES, POSTCOPY_BYTES ->
          String.format(Locale.US, "%.1f", v / MIB);
      default -> String.format(Locale.US, "%.0f", v);
    };
  }

  static String signedPct(double e) {
    if (Double.isNaN(e)) {
      return "n/a";
    }
    return String.format(Locale.US, "%+.1f%%", Math.abs(e) < 0.0005 ? 0.0 : e * 100);
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }

  private static String costs(Validation.Outcome o) {
    StringBuilder b = new StringBuilder();
    if (o.calibration() == null) {
      b.append("Defaults (no --calibrate): ");
      o.hostCosts().forEach(c -> b.append(c.name()).append('=').append(CalibrationText.fmt(c.defaultValue()))
          .append(' ').append(c.unit()).append("; "));
    } else {
      b.append(CalibrationText.describe(o.hostCosts(), o.calibration()));
    }
    String stops = CalibrationText.describeStopTimes(o.stopTimes());
    if (!stops.isEmpty()) {
      b.setLength(b.toString().replaceAll("; $", "").length());
      b.append(". Stop time: ").append(stops);
    }
    String shares = CalibrationText.describeShares(o.logShares());
    if (!shares.isEmpty()) {
      b.setLength(b.toString().replaceAll("; $", "").length());
      b.append(". Dirty log: ").append(shares);
    }
    return b.toString().replaceAll("; $", "");
  }

  private static HtmlPage.Line line(String name, List<Sample> series, boolean transferred) {
    double[] x = new double[series.size()];
    double[] y = new double[series.size()];
    for (int i = 0; i < x.length; i++) {
      Sample p = series.get(i);
      x[i] = p.tS();
      y[i] = (transferred ? p.transferredBytes() : p.remainingBytes()) / MIB;
    }
    return new HtmlPage.Line(name, x, y);
  }
}
