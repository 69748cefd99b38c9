package migreplay.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import migreplay.trace.TraceBatch;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceReader;

/**
 * The guest's writes, applied to the dirty log as the migration clock reaches them (DESIGN.md, "When a write
 * is seen" and "Start and end of the trace"). The clock is the exact number of bits sent; a write applied at
 * trace time a in lap L is visible once (a + L·duration − start) · bandwidth ≤ bits · 10^6, decided in
 * integers as a + L·duration ≤ start + floor(bits · 10^6 / bandwidth).
 *
 * <p>The trace is streamed batch by batch. Rows are sorted by t, but with {@code --within-epoch spread} a
 * row's applied time lies anywhere in [t, t + r), so rows read but not yet visible wait in a small pending
 * queue sorted by applied time; it never holds more than the rows of one resolution interval.
 */
final class WriteStream {
  private final TraceReader reader;
  private final TraceBatch batch = new TraceBatch();
  private final long durationUs;
  private final long resolutionUs;
  private final long startUs;
  private final long bandwidthBps;
  private final TraceEnd traceEnd;
  private final WithinEpoch withinEpoch;
  private int index;
  private long lap;
  private long rowsThisLap;
  private boolean exhausted;
  private boolean paused;
  private long applied;
  // Pending rows, sorted by effective applied time: pendingTime[head..tail), pendingPfn[head..tail).
  private long[] pendingTime = new long[1024];
  private long[] pendingPfn = new long[1024];
  private int head;
  private int tail;
  private long[] fresh = new long[1024];
  private int freshCount;
  private long[] mergeTime = new long[1024];
  private long[] mergePfn = new long[1024];

  WriteStream(TraceReader reader, RunOptions options) throws IOException {
    TraceMetadata meta = reader.metadata();
    this.reader = reader;
    this.durationUs = meta.durationUs();
    this.resolutionUs = meta.resolutionUs();
    this.startUs = options.startUs();
    this.bandwidthBps = options.bandwidthBps();
    this.traceEnd = options.traceEnd();
    this.withinEpoch = options.withinEpoch();
    if (startUs >= durationUs) {
      throw new IllegalArgumentException(String.format(Locale.US,
          "start %.6f s is not inside the trace (duration %.6f s)", startUs / 1e6, durationUs / 1e6));
    }
    if (resolutionUs >= 1L << 31 || meta.ramRanges().pfnSpace() > 1L << 32) {
      throw new IllegalArgumentException("traces with resolution_us >= 2^31 or more than 2^32 pfns are not supported");
    }
    reader.rewind();
  }

  /** Trace time (µs, lap-adjusted) the clock has reached after {@code bits} bits: start + floor(bits·10^6/bw). */
  long traceTimeAt(long bits) {
    long elapsed;
    if (bits <= Long.MAX_VALUE / 1_000_000) {
      elapsed = bits * 1_000_000 / bandwidthBps;
    } else {
      elapsed = BigInteger.valueOf(bits).multiply(BigInteger.valueOf(1_000_000))
          .divide(BigInteger.valueOf(bandwidthBps)).longValueExact();
    }
    return startUs + elapsed;
  }

  /** Writes applied to the log so far. */
  long applied() {
    return applied;
  }

  boolean paused() {
    return paused;
  }

  /** The guest stops: no write is applied after this. */
  void pause() {
    paused = true;
  }

  /**
   * Applies to {@code log} every write visible after {@code bits} bits sent.
   *
   * @param tracker receives each applied pfn, or null
   * @throws TraceEndedException when the clock passes the trace's end under {@link TraceEnd#ERROR}
   */
  void advance(long bits, Bitmap log, Migration.WriteTracker tracker) {
    if (paused) {
      return;
    }
    long now = traceTimeAt(bits);
    if (traceEnd == TraceEnd.ERROR && now > durationUs) {
      throw new TraceEndedException(String.format(Locale.US,
          "the trace ended at %.6f s with --trace-end error, %.6f s into the migration",
          durationUs / 1e6, (durationUs - startUs) / 1e6));
    }
    while (head < tail && pendingTime[head] <= now) {
      apply(pendingPfn[head++], log, tracker);
    }
    freshCount = 0;
    readUpTo(now, log, tracker);
    if (freshCount > 0) {
      mergeFresh(now);
    }
  }

  private void readUpTo(long now, Bitmap log, Migration.WriteTracker tracker) {
    while (!exhausted) {
      if (index == batch.size()) {
        if (!nextBatch()) {
          return;
        }
        continue;
      }
      long lapBase = lap * durationUs;
      long[] ts = batch.tUs();
      long[] ps = batch.pfn();
      int n = batch.size();
      int i = index;
      for (; i < n; i++) {
        long t = ts[i];
        if (t + lapBase > now) {
          break;
        }
        long a = withinEpoch.appliedTime(t, ps[i], resolutionUs, durationUs) + lapBase;
        if (a < startUs) {
          continue; // written before the migration started: belongs to no migration (until the trace loops)
        }
        if (a <= now) {
          apply(ps[i], log, tracker);
        } else {
          addFresh(((a - now) << 32) | ps[i]);
        }
      }
      rowsThisLap += i - index;
      index = i;
      if (i < n) {
        return;
      }
    }
  }

  private boolean nextBatch() {
    try {
      while (true) {
        if (reader.next(batch)) {
          index = 0;
          return true;
        }
        if (traceEnd == TraceEnd.LOOP && rowsThisLap > 0) {
          reader.rewind();
          lap++;
          rowsThisLap = 0;
          continue;
        }
        exhausted = true;
        return false;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void apply(long pfn, Bitmap log, Migration.WriteTracker tracker) {
    log.set(pfn);
    applied++;
    if (tracker != null) {
      tracker.written(pfn);
    }
  }

  private void addFresh(long key) {
    if (freshCount == fresh.length) {
      fresh = Arrays.copyOf(fresh, fresh.length * 2);
    }
    fresh[freshCount++] = key;
  }

  /** Sorts the rows read but not yet visible by applied time and merges them into the pending queue. */
  private void mergeFresh(long now) {
    Arrays.sort(fresh, 0, freshCount);
    int old = tail - head;
    int total = old + freshCount;
    if (mergeTime.length < total) {
      int cap = Math.max(total, mergeTime.length * 2);
      mergeTime = new long[cap];
      mergePfn = new long[cap];
    }
    int i = head;
    int j = 0;
    int k = 0;
    while (i < tail || j < freshCount) {
      long ft = j < freshCount ? now + (fresh[j] >>> 32) : Long.MAX_VALUE;
      if (i < tail && pendingTime[i] <= ft) {
        mergeTime[k] = pendingTime[i];
        mergePfn[k++] = pendingPfn[i++];
      } else {
        mergeTime[k] = ft;
        mergePfn[k++] = fresh[j++] & 0xFFFF_FFFFL;
      }
    }
    long[] t = pendingTime;
    long[] p = pendingPfn;
    pendingTime = mergeTime;
    pendingPfn = mergePfn;
    mergeTime = t;
    mergePfn = p;
    head = 0;
    tail = total;
  }
}
