package migreplay.validate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * The share of written pages their syncs find ({@link Predictor#LOG_SHARE}) that records whose dirty log misses
 * rewrites ({@link MigrationRecord.Request#lossyDirtyLog()}: QEMU 7.2 under TCG) are predicted with. That share
 * belongs to the workload (its TLB use), not to the host, and it is measured, not fitted to the totals being
 * validated: per trace, the pages QEMU's syncs found over the pages a perfect log would have made them find
 * ({@link LogGap}, measured once per record, summed over the trace's records, at most 1). A held-out record's
 * share comes from the other records of its trace; from its own syncs when none of them has sync counts; else
 * the model's default share.
 */
final class LogShares {
  /** No share: a record whose log is exact. */
  static final double EXACT = -1;

  /** A share and where it came from. */
  record Share(double value, Calibration.ShareSource source) {}

  private final List<Calibration.Case> cases;
  private final double defaultShare;
  private final ExecutorService pool;
  private LogGap.Gap[] gaps;

  /**
   * @param defaultShare the share when no record of a trace has sync counts ({@link Predictor#defaultLogShare()})
   * @param pool where the gaps are measured, in parallel
   */
  LogShares(List<Calibration.Case> cases, double defaultShare, ExecutorService pool) {
    this.cases = List.copyOf(cases);
    this.defaultShare = defaultShare;
    this.pool = pool;
  }

  /**
   * Each case's share: for a case with a lossy log, found / expected ({@link LogGap}) summed over the records
   * of its trace other than {@code exclude} that have sync counts, at most 1, to 6 decimals (the model's
   * resolution); for the held-out case {@code exclude} when none of those has them, its own; else the model's
   * default share. {@link #EXACT} for the cases with an exact log. {@code exclude} −1 leaves out none.
   */
  double[] shares(int exclude) throws IOException {
    double[] out = new double[cases.size()];
    for (int i = 0; i < cases.size(); i++) {
      out[i] = cases.get(i).record().request().lossyDirtyLog() ? share(i, exclude).value() : EXACT;
    }
    return out;
  }

  /** Case {@code i}'s share with case {@code exclude}'s gap left out (see {@link #shares(int)}). */
  Share share(int i, int exclude) throws IOException {
    LogGap.Gap[] g = gaps();
    long found = 0;
    long expected = 0;
    for (int m : sameTrace(i)) {
      if (m != exclude && g[m] != null) {
        found += g[m].found();
        expected += g[m].expected();
      }
    }
    Calibration.ShareSource source = Calibration.ShareSource.OTHER_RECORDS;
    if (expected == 0 && i == exclude && g[i] != null) {
      found = g[i].found();
      expected = g[i].expected();
      source = Calibration.ShareSource.OWN_SYNCS;
    }
    return expected == 0 ? new Share(defaultShare, Calibration.ShareSource.DEFAULT)
        : new Share(Math.round(Math.min(1.0, found / (double) expected) * 1e6) / 1e6, source);
  }

  /** The cases with a lossy log on case {@code i}'s trace, {@code i} included. */
  private int[] sameTrace(int i) {
    Path t = cases.get(i).trace();
    return IntStream.range(0, cases.size())
        .filter(m -> cases.get(m).record().request().lossyDirtyLog() && cases.get(m).trace().equals(t)).toArray();
  }

  /** Each lossy case's measured gap (null for the others and for records without sync counts), measured once. */
  private LogGap.Gap[] gaps() throws IOException {
    if (gaps == null) {
      List<Future<LogGap.Gap>> futures = new ArrayList<>();
      for (Calibration.Case c : cases) {
        futures.add(pool.submit(
            () -> c.record().request().lossyDirtyLog() ? LogGap.measure(c.record(), c.trace()) : null));
      }
      LogGap.Gap[] out = new LogGap.Gap[cases.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = migreplay.replay.sweep.Sweep.await(futures.get(i));
      }
      gaps = out;
    }
    return gaps;
  }
}
