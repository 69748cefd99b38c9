package migreplay.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The verdict of a validation: convergence verdicts right, and the p50 / p90 of |relative error| of total
 * time, of transferred bytes and of downtime over the records (percentiles interpolated linearly between ranks;
 * a record whose real value is 0 has no relative error and is left out; downtime counts only the records that
 * completed both in reality and in the model, since a migration that did not finish has no downtime).
 *
 * @param downtimes how many records have a downtime error
 */
public record Summary(int records, int verdictsRight, double p50TimeError, double p90TimeError,
    double p50TransferredError, double p90TransferredError, int downtimes, double p50DowntimeError,
    double p90DowntimeError) {

  public static Summary of(List<Validation.Row> rows) {
    int right = 0;
    for (Validation.Row r : rows) {
      if (r.real().converged() == r.model().totals().converged()) {
        right++;
      }
    }
    double[] time = absErrors(rows, Metric.TOTAL_TIME_S);
    double[] bytes = absErrors(rows, Metric.TRANSFERRED_BYTES);
    double[] down = absErrors(rows, Metric.DOWNTIME_S);
    return new Summary(rows.size(), right, percentile(time, 0.5), percentile(time, 0.9), percentile(bytes, 0.5),
        percentile(bytes, 0.9), down.length, percentile(down, 0.5), percentile(down, 0.9));
  }

  private static double[] absErrors(List<Validation.Row> rows, Metric m) {
    return rows.stream().mapToDouble(r -> Math.abs(r.error(m))).filter(e -> !Double.isNaN(e)).sorted().toArray();
  }

  /** The q-quantile of sorted values, linear between closest ranks; NaN for no values. */
  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * Why the validation fails (empty when it passes): a wrong verdict, a p90 |error| of total time or of
   * transferred above {@code tolerance}, or a p50 |error| of downtime above {@code downtimeTolerance} (relative
   * errors, e.g. 0.1). Downtime is judged on its median: QEMU reports it in whole ms, and most downtimes are a
   * few ms, so rounding alone puts them 20-100 % off.
   */
  public List<String> failures(double tolerance, double downtimeTolerance) {
    List<String> out = new ArrayList<>();
    if (verdictsRight < records) {
      out.add((records - verdictsRight) + " convergence verdict(s) wrong");
    }
    // A percentile of exactly the tolerance passes (as check's "a change of exactly the tolerance is no change").
    if (p90TimeError > tolerance + 1e-12) {
      out.add("p90 |error| of total time " + pct(p90TimeError) + " exceeds the tolerance " + pct(tolerance));
    }
    if (p90TransferredError > tolerance + 1e-12) {
      out.add("p90 |error| of transferred " + pct(p90TransferredError) + " exceeds the tolerance " + pct(tolerance));
    }
    if (p50DowntimeError > downtimeTolerance + 1e-12) {
      out.add("p50 |error| of downtime " + pct(p50DowntimeError) + " exceeds the downtime tolerance "
          + pct(downtimeTolerance));
    }
    return out;
  }

  /** One line: records, verdicts right, p50/p90 |error| of total time, transferred and downtime. */
  public String line() {
    return String.format(Locale.US, "%d record%s, %d/%d convergence verdicts right; |error| of total time p50 %s "
        + "p90 %s, of transferred p50 %s p90 %s, of downtime p50 %s p90 %s (%d completed)", records,
        records == 1 ? "" : "s", verdictsRight,
        records, pct(p50TimeError), pct(p90TimeError), pct(p50TransferredError), pct(p90TransferredError),
        pct(p50DowntimeError), pct(p90DowntimeError), downtimes);
  }

  /**
   * The records that held pages back (recorder/qemu's patched QEMU with a {@code hot_policy}), summed up apart:
   * their own {@link #line()}; empty without such records.
   */
  public static String holdBackLine(List<Validation.Row> rows) {
    List<Validation.Row> held = holdBackRows(rows);
    return held.isEmpty() ? "" : "hold-back records (patched QEMU, hot_policy paper or consecutive:K): " + of(held).line();
  }

  /** Why the hold-back records alone fail at these tolerances (see {@link #failures}); empty when they pass. */
  public static List<String> holdBackFailures(List<Validation.Row> rows, double tolerance, double downtimeTolerance) {
    List<Validation.Row> held = holdBackRows(rows);
    return held.isEmpty() ? List.of()
        : of(held).failures(tolerance, downtimeTolerance).stream().map(f -> "hold-back records: " + f).toList();
  }

  private static List<Validation.Row> holdBackRows(List<Validation.Row> rows) {
    return rows.stream().filter(r -> r.record().request().holdBack().active()).toList();
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.US, "%.1f%%", v * 100);
  }
}
