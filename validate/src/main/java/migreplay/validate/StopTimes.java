package migreplay.validate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed part of a downtime ({@link Predictor#STOP_TIME}: stopping the vCPUs, the final sync, device state,
 * completion) that records are predicted with when no costs are fitted. It belongs to the QEMU build and its
 * host, not to the workload, and it is measured, not fitted to the downtimes being validated: per build
 * ({@link MigrationRecord.Request#build()}), the median over that build's other records whose final pass was
 * small ({@link #SMALL_PASS_BYTES}) of their downtime less that pass ({@link Predictor#stopCostS}). A record is
 * never predicted with its own downtime: with no other such record of its build it takes the model's default.
 *
 * <p>Why: on the shipped records, the 25 by Debian's QEMU 7.2 binary stopped in about 1 ms and the 55 by the
 * recorder's patched build of the same source, made a week later, in about 3 ms (both binaries run back to back
 * on one day, traces/stop-time-check: about 2 and 3 ms; the host's state counts as much as the build); a
 * downtime of a few ms is mostly that fixed part. The part is the host's too: a record that names its host
 * ({@code host.name}, which recorder/harness.py writes) is grouped by build and host; records of one build from
 * hosts they do not name should be validated apart.
 */
public final class StopTimes {
  /**
   * A record measures the fixed part when its final pass sent at most this much: 1 MiB is under half a
   * millisecond at the model's default costs, so the rest of the downtime is the fixed part.
   */
  static final long SMALL_PASS_BYTES = 1 << 20;

  /** Where a record's stop time comes from. */
  enum Source {
    /** The median over the other records of its build with a small final pass. */
    OTHER_RECORDS,
    /** The model's default: no other record of its build had a small final pass. */
    DEFAULT
  }

  /** A record's stop time in seconds and where it came from. */
  record StopTime(double seconds, Source source) {}

  /**
   * A build's stop time over all its measuring records, and the range its records were predicted with.
   *
   * @param build {@link MigrationRecord.Request#build()}
   * @param records how many records of this build were validated
   * @param measuring how many of its records measure it (small final pass)
   * @param allS the median over all of them (NaN when none)
   * @param minS the least stop time any of its records was predicted with
   * @param maxS the largest
   * @param defaulted how many of its records took the default
   */
  public record Build(String build, int records, int measuring, double allS, double minS, double maxS, int defaulted) {}

  private final List<Calibration.Case> cases;
  private final double defaultS;
  private final double[] measured;

  /**
   * @param defaultS the model's default stop time, for records of a build with nothing else to measure it; NaN
   *     when the model has no stop time among its costs (then nothing is measured)
   */
  StopTimes(List<Calibration.Case> cases, Predictor predictor, double defaultS) {
    this.cases = List.copyOf(cases);
    this.defaultS = defaultS;
    this.measured = new double[cases.size()];
    for (int i = 0; i < measured.length; i++) {
      MigrationRecord r = cases.get(i).record();
      Totals real = r.real();
      boolean measures = real.converged() && !r.request().postcopy() && real.downtimeBytes() <= SMALL_PASS_BYTES
          && Double.isFinite(real.downtimeS()) && real.downtimeS() > 0;
      measured[i] = measures ? predictor.stopCostS(real, r.guest().pageSize()) : Double.NaN;
    }
  }

  /**
   * Whether the model has a stop time among its costs and some record measures it: otherwise every record keeps
   * the costs it is given.
   */
  boolean measurable() {
    return !Double.isNaN(defaultS) && Arrays.stream(measured).anyMatch(Double::isFinite);
  }

  /** Case {@code i}'s stop time: from its build's other records, to the µs, at least 0; else the default. */
  StopTime of(int i) {
    String build = cases.get(i).record().request().build();
    double[] others = new double[cases.size()];
    int n = 0;
    for (int m = 0; m < cases.size(); m++) {
      if (m != i && Double.isFinite(measured[m]) && cases.get(m).record().request().build().equals(build)) {
        others[n++] = measured[m];
      }
    }
    return n == 0 ? new StopTime(defaultS, Source.DEFAULT)
        : new StopTime(micros(median(others, n)), Source.OTHER_RECORDS);
  }

  /** Each build, in the order its first record came: its stop time on all its records and over its records. */
  List<Build> builds() {
    Map<String, List<Integer>> byBuild = new LinkedHashMap<>();
    for (int i = 0; i < cases.size(); i++) {
      byBuild.computeIfAbsent(cases.get(i).record().request().build(), b -> new ArrayList<>()).add(i);
    }
    List<Build> out = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : byBuild.entrySet()) {
      double[] all = e.getValue().stream().mapToDouble(i -> measured[i]).filter(Double::isFinite).toArray();
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      int defaulted = 0;
      for (int i : e.getValue()) {
        StopTime t = of(i);
        min = Math.min(min, t.seconds());
        max = Math.max(max, t.seconds());
        defaulted += t.source() == Source.DEFAULT ? 1 : 0;
      }
      out.add(new Build(e.getKey(), e.getValue().size(), all.length,
          all.length == 0 ? Double.NaN : micros(median(all, all.length)), min, max, defaulted));
    }
    return out;
  }

  private static double median(double[] v, int n) {
    double[] s = Arrays.copyOf(v, n);
    Arrays.sort(s);
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** To the µs (the model's resolution), at least 0. */
  private static double micros(double seconds) {
    return Math.max(0, Math.round(seconds * 1e6)) / 1e6;
  }
}
