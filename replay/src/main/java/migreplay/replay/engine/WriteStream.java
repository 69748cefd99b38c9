package migreplay.replay.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import migreplay.trace.TraceBatch;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceSource;

/**
 * The guest's writes, applied to the dirty log as the migration clock reaches them (DESIGN.md, "When a write
 * is seen" and "Start and end of the trace"). The caller gives the trace time the guest has reached (lap-adjusted
 * µs, from the run's {@link GuestClock}); a write applied at trace time a in lap L is visible once
 * a + L·duration ≤ that time.
 *
 * <p>The trace is read batch by batch, from the file or from rows decoded once for a sweep (which also carry
 * each row's spread offset, computed once). Rows are sorted by t, but with {@code --within-epoch spread} a
 * row's applied time lies anywhere in [t, t + r). The rows whose whole interval has passed (a prefix of the
 * batch) are applied wholesale without computing their offsets; only rows of the interval straddling the
 * clock are computed, and those not yet
 * visible wait in a small unsorted pending list (at most the rows of one resolution interval), applied
 * wholesale once the clock passes the latest of them, or filtered at each peek until then.
 */
final class WriteStream {
  private final TraceSource reader;
  private final TraceBatch batch = new TraceBatch();
  private final long durationUs;
  private final long resolutionUs;
  private final long startUs;
  private final TraceEnd traceEnd;
  private final WithinEpoch withinEpoch;
  private int index;
  private long lap;
  private long rowsThisLap;
  private boolean exhausted;
  private boolean paused;
  private long applied;
  // Lap-adjusted trace time the clock had reached at the last advance while the guest ran.
  private long clockUs;
  // Rows read but not yet visible: applied time (lap-adjusted) and pfn, unsorted, with the latest time.
  private long[] pendingTime = new long[1024];
  private long[] pendingPfn = new long[1024];
  private int pending;
  private long pendingMax = Long.MIN_VALUE;

  WriteStream(TraceSource reader, RunOptions options) throws IOException {
    TraceMetadata meta = reader.metadata();
    this.reader = reader;
    this.durationUs = meta.durationUs();
    this.resolutionUs = meta.resolutionUs();
    this.startUs = options.startUs();
    this.traceEnd = options.traceEnd();
    this.withinEpoch = options.withinEpoch();
    if (startUs >= durationUs) {
      throw new IllegalArgumentException(String.format(Locale.US,
          "start %.6f s is not inside the trace (duration %.6f s)", startUs / 1e6, durationUs / 1e6));
    }
    reader.rewind();
  }

  /**
   * Marks in {@code into} every page written before the migration's start in the first lap (applied time
   * before {@code start}), then goes back to the trace's beginning. Call before the first {@link #advance}.
   */
  void writtenBeforeStart(Bitmap into) {
    try {
      reader.rewind();
      TraceBatch b = new TraceBatch();
      outer:
      while (reader.next(b)) {
        for (int i = 0; i < b.size(); i++) {
          long t = b.tUs()[i];
          if (t >= startUs) {
            break outer;
          }
          if ((b.read() == null || !b.read()[i])
              && withinEpoch.appliedTime(t, b.pfn()[i], resolutionUs, durationUs) < startUs) {
            into.set(b.pfn()[i]);
          }
        }
      }
      reader.rewind();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * How many times the trace has been replayed up to now (at the pause, for the whole run): under
   * {@code --trace-end loop}, 1 + floor(t / duration) for the lap-adjusted trace time t the clock reached at
   * the last peek or clean while the guest ran (a write at trace time a of lap L is visible at a + L·duration
   * ≤ t); 1 under {@code idle} and {@code error}, where the trace is never replayed twice.
   */
  long laps() {
    return traceEnd == TraceEnd.LOOP ? 1 + clockUs / durationUs : 1;
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

  /** The guest runs again (post-copy, on the destination): writes are applied from the clock's time on. */
  void resume() {
    paused = false;
  }

  /**
   * Applies to {@code log} every write visible at lap-adjusted trace time {@code now} (µs).
   *
   * @param tracker receives each applied pfn, or null
   * @throws TraceEndedException when the clock passes the trace's end under {@link TraceEnd#ERROR}
   */
  void advance(long now, Bitmap log, Migration.WriteTracker tracker) {
    if (paused) {
      return;
    }
    clockUs = now;
    if (traceEnd == TraceEnd.ERROR && now > durationUs) {
      throw new TraceEndedException(String.format(Locale.US,
          "the trace ended at %.6f s with --trace-end error, %.6f s into the migration",
          durationUs / 1e6, (durationUs - startUs) / 1e6));
    }
    if (pending > 0) {
      applyPending(now, log, tracker);
    }
    readUpTo(now, log, tracker);
  }

  private void applyPending(long now, Bitmap log, Migration.WriteTracker tracker) {
    if (now >= pendingMax) {
      for (int i = 0; i < pending; i++) {
        applyPendingRow(pendingPfn[i], log, tracker);
      }
      pending = 0;
      pendingMax = Long.MIN_VALUE;
      return;
    }
    int kept = 0;
    for (int i = 0; i < pending; i++) {
      if (pendingTime[i] <= now) {
        applyPendingRow(pendingPfn[i], log, tracker);
      } else {
        pendingTime[kept] = pendingTime[i];
        pendingPfn[kept++] = pendingPfn[i];
      }
    }
    pending = kept;
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
      int[] spread = withinEpoch == WithinEpoch.SPREAD ? batch.spreadOffsetUs() : null; // computed once, if shared
      boolean[] reads = batch.read(); // null for a trace of writes only
      int n = batch.size();
      int i = index;
      if (ts[i] + lapBase >= startUs) {
        // Rows whose whole interval has passed are visible whatever their offsets; rows are sorted by t, so
        // they are a prefix of the rest of the batch: apply it wholesale.
        int k = firstAfter(ts, i, n, now - resolutionUs - lapBase);
        if (k > i) {
          if (reads == null) {
            applyAll(ps, i, k, log, tracker);
          } else {
            for (int j = i; j < k; j++) {
              apply(ps[j], reads[j], log, tracker);
            }
          }
          rowsThisLap += k - i;
          index = i = k;
          if (k == n) {
            continue;
          }
        }
      }
      for (; i < n; i++) {
        long t = ts[i];
        long lapT = t + lapBase;
        if (lapT > now) {
          break;
        }
        if (lapT + resolutionUs <= now && lapT >= startUs) {
          // t <= applied time < t + resolution <= now: visible whatever the offset, so skip computing it.
          apply(ps[i], reads != null && reads[i], log, tracker);
          continue;
        }
        long a = (spread != null ? t + spread[i] : withinEpoch.appliedTime(t, ps[i], resolutionUs, durationUs))
            + lapBase;
        if (a < startUs) {
          continue; // written before the migration started: belongs to no migration (until the trace loops)
        }
        boolean read = reads != null && reads[i];
        if (a <= now) {
          apply(ps[i], read, log, tracker);
        } else {
          addPending(a, read ? -1 - ps[i] : ps[i]); // a read is kept as -1 - pfn
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

  /** The first index in [from, to) whose time is above {@code t}, or {@code to}. */
  private static int firstAfter(long[] ts, int from, int to, long t) {
    if (ts[to - 1] <= t) {
      return to;
    }
    int lo = from;
    int hi = to - 1; // ts[hi] > t
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ts[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private void applyAll(long[] pfns, int from, int to, Bitmap log, Migration.WriteTracker tracker) {
    if (tracker != null) {
      for (int i = from; i < to; i++) {
        apply(pfns[i], log, tracker);
      }
      return;
    }
    log.setAll(pfns, from, to);
    applied += to - from;
  }

  private void applyPendingRow(long coded, Bitmap log, Migration.WriteTracker tracker) {
    apply(coded < 0 ? -1 - coded : coded, coded < 0, log, tracker);
  }

  /** A row: a write enters the log; a read (traces that record reads) only goes to the tracker. */
  private void apply(long pfn, boolean read, Bitmap log, Migration.WriteTracker tracker) {
    if (read) {
      if (tracker != null) {
        tracker.read(pfn);
      }
      return;
    }
    apply(pfn, log, tracker);
  }

  private void apply(long pfn, Bitmap log, Migration.WriteTracker tracker) {
    log.set(pfn);
    applied++;
    if (tracker != null) {
      tracker.written(pfn);
    }
  }

  private void addPending(long appliedTime, long pfn) {
    if (pending == pendingTime.length) {
      pendingTime = Arrays.copyOf(pendingTime, pending * 2);
      pendingPfn = Arrays.copyOf(pendingPfn, pending * 2);
    }
    pendingTime[pending] = appliedTime;
    pendingPfn[pending++] = pfn;
    pendingMax = Math.max(pendingMax, appliedTime);
  }
}
