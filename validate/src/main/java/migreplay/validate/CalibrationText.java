package migreplay.validate;

import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/** A calibration's results in words, for stdout and the validation page. */
public final class CalibrationText {
  private CalibrationText() {}

  /**
   * One line for people: the costs fitted on every record, and the range of each over the leave-one-out
   * folds (the costs the predictions ran with).
   */
  public static String describe(List<HostCost> costs, Calibration.Result r) {
    StringBuilder b = new StringBuilder("fitted on all ").append(r.folds().size()).append(" records: ");
    for (HostCost c : costs) {
      b.append(c.name()).append('=').append(fmt(r.all().costs().get(c.name()))).append(' ').append(c.unit())
          .append(", ");
    }
    b.setLength(b.length() - 2);
    b.append("; leave-one-out folds: ");
    for (HostCost c : costs) {
      DoubleSummaryStatistics s = r.folds().stream().mapToDouble(f -> f.costs().get(c.name())).summaryStatistics();
      b.append(c.name()).append(' ').append(fmt(s.getMin()));
      if (s.getMax() > s.getMin()) {
        b.append("..").append(fmt(s.getMax()));
      }
      b.append(", ");
    }
    b.setLength(b.length() - 2);
    return b.toString();
  }

  /**
   * One line for people, or empty without records whose log is lossy: each trace's share fitted on all its
   * records, and its range over the folds (the shares the predictions ran with).
   */
  public static String describeShares(Calibration.Result r) {
    if (r.shares().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder(Predictor.LOG_SHARE).append(" per trace (QEMU 7.2 under TCG: the share of "
        + "written pages its syncs found), on all its records: ");
    for (Map.Entry<String, Double> e : r.shares().entrySet()) {
      DoubleSummaryStatistics s = IntStream.range(0, r.folds().size())
          .filter(i -> r.foldTraces().get(i).equals(e.getKey()))
          .mapToDouble(i -> r.folds().get(i).costs().get(Predictor.LOG_SHARE)).summaryStatistics();
      b.append(e.getKey()).append(' ').append(fmt(e.getValue()));
      if (s.getCount() > 0) {
        b.append(" (held out: ").append(fmt(s.getMin()));
        if (s.getMax() > s.getMin()) {
          b.append("..").append(fmt(s.getMax()));
        }
        b.append(' ').append(String.join(" / ", IntStream.range(0, r.folds().size())
            .filter(i -> r.foldTraces().get(i).equals(e.getKey())).mapToObj(i -> r.foldSources().get(i).words())
            .distinct().toList()));
        b.append(')');
      }
      b.append(", ");
    }
    b.setLength(b.length() - 2);
    return b.toString();
  }

  /** A cost or share: 4 significant digits. */
  static String fmt(double v) {
    return String.format(Locale.US, "%.4g", v);
  }
}
