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
   * One line for people: the costs fitted on every record, each with the physical range the fit searched; the
   * range of each over the leave-one-out folds (the costs the predictions ran with); the records left out of the
   * fit for a wrong verdict; the folds that fell back to the defaults.
   */
  public static String describe(List<HostCost> costs, Calibration.Result r) {
    StringBuilder b = new StringBuilder("fitted on all ").append(r.folds().size()).append(" records: ");
    for (HostCost c : costs) {
      b.append(c.name()).append('=').append(fmt(r.all().costs().get(c.name()))).append(' ').append(c.unit())
          .append(" (range ").append(fmt(c.min())).append("..").append(fmt(c.max())).append("), ");
    }
    b.setLength(b.length() - 2);
    b.append("; leave-one-out folds: ");
    for (HostCost c : costs) {
      DoubleSummaryStatistics s = r.folds().stream().mapToDouble(f -> f.fit().costs().get(c.name()))
          .summaryStatistics();
      b.append(c.name()).append(' ').append(fmt(s.getMin()));
      if (s.getMax() > s.getMin()) {
        b.append("..").append(fmt(s.getMax()));
      }
      b.append(", ");
    }
    b.setLength(b.length() - 2);
    if (!r.all().leftOut().isEmpty()) {
      b.append("; left out of the fit, their convergence verdict wrong at the defaults: ")
          .append(String.join(", ", r.all().leftOut()));
    }
    List<String> fellBack = r.folds().stream().filter(Calibration.Fold::fellBack).map(Calibration.Fold::record)
        .toList();
    b.append("; ").append(fellBack.size()).append(" of ").append(r.folds().size())
        .append(" folds fell back to the defaults (their fitted costs predicted the held-out record worse)");
    if (!fellBack.isEmpty()) {
      b.append(": ").append(String.join(", ", fellBack));
    }
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
          .filter(i -> r.folds().get(i).trace().equals(e.getKey()))
          .mapToDouble(i -> r.folds().get(i).fit().costs().get(Predictor.LOG_SHARE)).summaryStatistics();
      b.append(e.getKey()).append(' ').append(fmt(e.getValue()));
      if (s.getCount() > 0) {
        b.append(" (held out: ").append(fmt(s.getMin()));
        if (s.getMax() > s.getMin()) {
          b.append("..").append(fmt(s.getMax()));
        }
        b.append(' ').append(String.join(" / ", IntStream.range(0, r.folds().size())
            .filter(i -> r.folds().get(i).trace().equals(e.getKey()))
            .mapToObj(i -> r.folds().get(i).shareSource().words())
            .distinct().toList()));
        b.append(')');
      }
      b.append(", ");
    }
    b.setLength(b.length() - 2);
    return b.toString();
  }

  /**
   * One line for people, or empty when no stop time was measured: each QEMU build's stop time (the fixed part of
   * its downtimes) over all its records with a small final pass, and the range its records were predicted with.
   */
  public static String describeStopTimes(List<StopTimes.Build> builds) {
    if (builds.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder(Predictor.STOP_TIME).append(" per QEMU build (the downtime less a final "
        + "pass of at most " + (StopTimes.SMALL_PASS_BYTES >> 20) + " MiB; each record from its build's other "
        + "records): ");
    for (StopTimes.Build x : builds) {
      b.append(x.build()).append(": ");
      if (x.measuring() == 0) {
        b.append("no record measures it, the default ").append(ms(x.minS()));
      } else {
        b.append(ms(x.allS())).append(" on ").append(x.measuring()).append(" of ").append(x.records())
            .append(x.records() == 1 ? " record (held out: " : " records (held out: ").append(ms(x.minS()));
        if (x.maxS() > x.minS()) {
          b.append("..").append(ms(x.maxS()));
        }
        b.append(x.defaulted() > 0 ? "; " + x.defaulted() + " with the default" : "").append(')');
      }
      b.append("; ");
    }
    b.setLength(b.length() - 2);
    return b.toString();
  }

  private static String ms(double seconds) {
    return String.format(Locale.US, "%.2f ms", seconds * 1e3);
  }

  /** A cost or share: 4 significant digits. */
  static String fmt(double v) {
    return String.format(Locale.US, "%.4g", v);
  }
}
