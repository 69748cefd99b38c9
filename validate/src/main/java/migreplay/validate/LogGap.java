package migreplay.validate;

import java.io.IOException;
import java.nio.file.Path;
import migreplay.replay.engine.Bitmap;
import migreplay.trace.TraceBatch;
import migreplay.trace.TraceReader;

/**
 * Measures the dirty-log gap of one real migration: the pages QEMU's syncs found against the pages a log that
 * saw every store would have made the same syncs find. The Java twin of recorder/gap.py (same method, same
 * numbers; recorder/README.md, "The TCG dirty-log gap"):
 * <ul>
 *   <li>the record's icount drift samples and {@code start_in_trace_s} place host times (polls) in the trace's
 *       guest time: guest = host − drift, shifted so that host time 0 (the migrate command) is
 *       {@code start_in_trace_s}, extended past the last sample at the record's guest speed;
 *   <li>the migration bitmap starts all ones at the setup sync; the migration thread walks it from a circular
 *       cursor, clearing each page it sends, and the polls' page counts (normal + duplicate, interpolated in
 *       guest time) say how many it had sent by each moment;
 *   <li>epoch by epoch of the trace (its resolution), at each sync a perfect log holds the distinct pages
 *       written since the previous sync, and the sync counts those not already set in the bitmap.
 * </ul>
 * found / expected is the share of written pages the real log saw ({@code tcg_log_share}).
 */
public final class LogGap {
  /** A record's sums over its syncs after the setup sync. */
  public record Gap(long found, long expected) {}

  private LogGap() {}

  /** Measures the record's gap against its trace; null when the record has no {@link SyncEvidence}. */
  public static Gap measure(MigrationRecord r, Path trace) throws IOException {
    SyncEvidence e = r.syncs();
    if (e == null || e.syncTraceS().length < 2) {
      return e == null ? null : new Gap(0, 0);
    }
    long total = r.guest().ramTotalBytes() / r.guest().pageSize();
    double[] sentT = new double[e.pollHostS().length + 1];
    double[] sentN = new double[sentT.length];
    GuestTime guest = new GuestTime(r, e);
    sentT[0] = guest.at(0);
    for (int i = 0; i < e.pollHostS().length; i++) {
      sentT[i + 1] = guest.at(e.pollHostS()[i]);
      sentN[i + 1] = Math.max(sentN[i], e.pollSentPages()[i]);
    }
    double[] syncT = e.syncTraceS();
    double tStart = syncT[0];
    long fromUs = (long) (tStart * 1e6) / 10_000 * 10_000;
    long toUs = (long) (syncT[syncT.length - 1] * 1e6) + 10_000;
    Bitmap bitmap = new Bitmap(total);
    bitmap.setRange(0, total);
    Bitmap log = new Bitmap(total);
    long found = 0;
    long expected = 0;
    long cursor = 0;
    long done = 0;
    try (TraceReader reader = TraceReader.open(trace)) {
      double step = reader.metadata().resolutionUs() / 1e6;
      Rows rows = new Rows(reader, fromUs, toUs);
      double epochT = tStart;
      int k = 1;
      while (k < syncT.length) {
        double mid = epochT + step / 2;
        while (k < syncT.length && syncT[k] <= mid) {
          expected += bitmap.orCountingNew(log);
          log.clearAll();
          found += e.syncPages()[k];
          k++;
        }
        long n = (long) interp(mid, sentT, sentN) - done;
        if (n > 0) {
          for (long i = 0; i < n; i++) {
            long p = bitmap.nextSetBit(cursor);
            if (p < 0) {
              p = bitmap.nextSetBit(0);
            }
            if (p < 0) {
              break;
            }
            bitmap.clear(p);
            cursor = p + 1 < total ? p + 1 : 0;
          }
          done += n;
        }
        rows.mark((long) (epochT * 1e6), (long) ((epochT + step) * 1e6), log, total);
        epochT += step;
      }
    }
    return new Gap(found, expected);
  }

  /** Host seconds since the migrate command → guest seconds in the trace (as recorder/gap.py's guest_clock). */
  private static final class GuestTime {
    private final double[] h;
    private final double[] g;
    private final double speed;

    GuestTime(MigrationRecord r, SyncEvidence e) {
      h = e.driftHostS();
      g = new double[h.length];
      for (int i = 0; i < h.length; i++) {
        g[i] = h[i] - e.driftMs()[i] / 1000.0;
      }
      double shift = r.guest().startInTraceS() - interp(0.0, h, g);
      for (int i = 0; i < g.length; i++) {
        g[i] += shift;
      }
      speed = e.guestSpeed();
    }

    double at(double hostS) {
      if (hostS > h[h.length - 1]) {
        return g[g.length - 1] + (hostS - h[h.length - 1]) * speed;
      }
      return interp(hostS, h, g);
    }
  }

  /** numpy.interp: linear between points, the end values outside them. */
  static double interp(double x, double[] xs, double[] ys) {
    if (x <= xs[0]) {
      return ys[0];
    }
    if (x >= xs[xs.length - 1]) {
      return ys[ys.length - 1];
    }
    int lo = 0;
    int hi = xs.length - 1;
    while (hi - lo > 1) {
      int m = (lo + hi) >>> 1;
      if (xs[m] <= x) {
        lo = m;
      } else {
        hi = m;
      }
    }
    if (xs[hi] == xs[lo]) {
      return ys[hi];
    }
    return ys[lo] + (ys[hi] - ys[lo]) * (x - xs[lo]) / (xs[hi] - xs[lo]);
  }

  /** The trace's rows from {@code fromUs} to before {@code toUs}, read forward batch by batch. */
  private static final class Rows {
    private final TraceReader reader;
    private final long fromUs;
    private final long toUs;
    private final TraceBatch batch = new TraceBatch();
    private int at;
    private boolean more = true;

    Rows(TraceReader reader, long fromUs, long toUs) {
      this.reader = reader;
      this.fromUs = fromUs;
      this.toUs = toUs;
    }

    /** Sets in {@code log} the pages written in [{@code lo}, {@code hi}) (rows before it are skipped). */
    void mark(long lo, long hi, Bitmap log, long total) throws IOException {
      while (true) {
        if (at >= batch.size()) {
          if (!more || !(more = reader.next(batch))) {
            return;
          }
          at = 0;
        }
        long t = batch.tUs()[at];
        if (t >= hi || t >= toUs) {
          return;
        }
        long p = batch.pfn()[at];
        if (t >= lo && t >= fromUs && p < total) {
          log.set(p);
        }
        at++;
      }
    }
  }
}
