package migreplay.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a trace says about its guest, computed in one streaming pass: events, distinct pages, the dirty rate
 * over time and the writable working set over windows of 0.1 s, 1 s and 10 s. {@code migreplay inspect}
 * prints it; the report draws it.
 *
 * <p>The <em>dirty rate</em> counts rows: each row is one page dirtied within one interval of the trace's
 * resolution, so for a trace of 10 ms epochs it is the rate a log-dirty harvest every 10 ms would see. It is
 * given per second over whole 1 s bins (a last, partial second is left out of the series rather than scaled
 * up); its mean is events ÷ duration. The <em>writable working set</em>
 * (Clark et al., NSDI 2005) of a window is the number of distinct pages written in it.
 *
 * @param metadata the trace's metadata
 * @param events write rows in the trace (a trace that records reads: its read rows are left out)
 * @param distinctPages distinct pages written anywhere in the trace
 * @param dirtyRate dirty pages per second: one value per 1 s bin, and its summary
 * @param workingSets the writable working set for each window length, shortest first
 * @param readRows read rows in the trace (0 for a trace of writes only)
 */
public record TraceProfile(
    TraceMetadata metadata, long events, long distinctPages, Series dirtyRate, List<Series> workingSets,
    long readRows) {

  /** The window lengths of {@link #workingSets()}, in µs. */
  public static final long[] WINDOWS_US = {100_000, 1_000_000, 10_000_000};

  public TraceProfile {
    workingSets = List.copyOf(workingSets);
  }

  /** Trace length in seconds. */
  public double durationS() {
    return metadata.durationUs() / 1e6;
  }

  /** Mean dirty pages per second over the whole trace. */
  public double meanDirtyRate() {
    return events / durationS();
  }

  /**
   * A series of equal windows from the trace's start; the last window may be shorter.
   *
   * @param windowUs window length in µs
   * @param values one value per window (pages per second for the dirty rate; distinct pages for working sets)
   * @param summary mean, median, 99th percentile and maximum of {@code values}
   */
  public record Series(long windowUs, double[] values, Summary summary) {
    /** Start of window {@code i}, in seconds. */
    public double startS(int i) {
      return i * (windowUs / 1e6);
    }
  }

  /** Mean, nearest-rank median and 99th percentile, and maximum of a series. */
  public record Summary(double mean, double p50, double p99, double max) {
    static Summary of(double[] values) {
      if (values.length == 0) {
        return new Summary(0, 0, 0, 0);
      }
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      double sum = 0;
      for (double v : sorted) {
        sum += v;
      }
      return new Summary(sum / sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double q) {
      int k = (int) Math.ceil(q * sorted.length);
      return sorted[Math.max(0, k - 1)];
    }
  }

  /** Reads the whole trace once, batch by batch. */
  public static TraceProfile of(Path trace) throws IOException {
    try (TraceReader reader = TraceReader.open(trace)) {
      return of(reader);
    }
  }

  /** Reads {@code reader} from its current position to the end. */
  public static TraceProfile of(TraceReader reader) throws IOException {
    TraceMetadata meta = reader.metadata();
    long duration = meta.durationUs();
    long pfnSpace = meta.ramRanges().pfnSpace();
    DistinctPages all = new DistinctPages(pfnSpace);
    List<WindowCounter> windows = new ArrayList<>();
    for (long w : WINDOWS_US) {
      windows.add(new WindowCounter(w, duration, pfnSpace));
    }
    long[] perSecond = new long[windowCount(1_000_000, duration)];
    long events = 0;
    long readRows = 0;
    TraceBatch batch = new TraceBatch();
    while (reader.next(batch)) {
      long[] t = batch.tUs();
      long[] p = batch.pfn();
      boolean[] read = batch.read(); // reads dirty nothing: the profile is of writes
      for (int i = 0; i < batch.size(); i++) {
        if (read != null && read[i]) {
          readRows++;
          continue;
        }
        events++;
        all.add(p[i]);
        perSecond[(int) (t[i] / 1_000_000)]++;
        for (WindowCounter w : windows) {
          w.add(t[i], p[i]);
        }
      }
    }
    // A last, partial second is left out of the series: scaled up to a rate it would be an extrapolation (20 ms
    // of writes times 50), a spike the guest never had. Its rows still count in the mean: events / duration.
    int full = perSecond.length > 1 && duration % 1_000_000 != 0 ? perSecond.length - 1 : perSecond.length;
    double[] rate = new double[full];
    for (int i = 0; i < rate.length; i++) {
      rate[i] = perSecond[i] / (windowLength(1_000_000, duration, i) / 1e6);
    }
    Summary rs = Summary.of(rate);
    rs = new Summary(events / (duration / 1e6), rs.p50(), rs.p99(), rs.max());
    List<Series> sets = new ArrayList<>();
    for (WindowCounter w : windows) {
      sets.add(w.finish());
    }
    return new TraceProfile(meta, events, all.count(), new Series(1_000_000, rate, rs), sets, readRows);
  }

  private static int windowCount(long windowUs, long durationUs) {
    long n = (durationUs + windowUs - 1) / windowUs;
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("trace too long for " + windowUs + " µs windows: " + n + " windows");
    }
    return (int) n;
  }

  private static long windowLength(long windowUs, long durationUs, int i) {
    return Math.min(windowUs, durationUs - i * windowUs);
  }

  /** A set of pfns as a bitset, counting distinct pages; {@link #clear()} costs only the words touched. */
  private static final class DistinctPages {
    private final long[] bits;
    private int[] touched = new int[1024];
    private int touchedCount;
    private long count;

    DistinctPages(long pfnSpace) {
      long words = (pfnSpace + 63) >>> 6;
      if (words > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("pfn space too large: " + pfnSpace);
      }
      bits = new long[(int) words];
    }

    void add(long pfn) {
      int w = (int) (pfn >>> 6);
      long mask = 1L << pfn;
      long word = bits[w];
      if ((word & mask) == 0) {
        if (word == 0) {
          if (touchedCount == touched.length) {
            touched = Arrays.copyOf(touched, touched.length * 2);
          }
          touched[touchedCount++] = w;
        }
        bits[w] = word | mask;
        count++;
      }
    }

    long count() {
      return count;
    }

    void clear() {
      for (int i = 0; i < touchedCount; i++) {
        bits[touched[i]] = 0;
      }
      touchedCount = 0;
      count = 0;
    }
  }

  /** Distinct pages per window of fixed length, for sorted rows. */
  private static final class WindowCounter {
    private final long windowUs;
    private final long durationUs;
    private final double[] values;
    private final DistinctPages pages;
    private int current;

    WindowCounter(long windowUs, long durationUs, long pfnSpace) {
      this.windowUs = windowUs;
      this.durationUs = durationUs;
      this.values = new double[windowCount(windowUs, durationUs)];
      this.pages = new DistinctPages(pfnSpace);
    }

    void add(long tUs, long pfn) {
      int w = (int) (tUs / windowUs);
      if (w != current) {
        values[current] = pages.count();
        pages.clear();
        current = w;
      }
      pages.add(pfn);
    }

    Series finish() {
      values[current] = pages.count();
      // A last window at most half as long as the others would drag the summary down: leave it out.
      double[] forSummary = values;
      if (values.length > 1 && windowLength(windowUs, durationUs, values.length - 1) * 2 <= windowUs) {
        forSummary = Arrays.copyOf(values, values.length - 1);
      }
      return new Series(windowUs, values, Summary.of(forSummary));
    }
  }
}
