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
 *
 * <p>A straddling row whose page is already dirty in the log changes nothing there whether it is visible yet or
 * not, as long as the log is not cleared; and the log is cleared (or the guest paused) only right after a
 * <em>settling</em> advance ({@code Migration}'s clean, syncs and pause). So at any other advance such a row
 * waits, its offset not computed, in a deferred list: it is counted once the clock has passed its whole
 * interval, or decided by its offset at a settling advance before that. Counts and bits come out as if each row
 * had been decided at its own advance.
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
  // Whether a read (kept in pendingPfn as -1 - pfn, traces that record reads) may be pending.
  private boolean readsPending;
  // Straddling rows deferred (their page dirty) and not decided by the last advance (at deferredAt), the
  // entries [deferredFrom, deferred): lap-adjusted t and pfn, in row order.
  private long[] deferredT = new long[1024];
  private long[] deferredPfn = new long[1024];
  private int deferredFrom;
  private int deferred;
  private long deferredAt;

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
    long visible = 0;
    for (int i = deferredFrom; i < deferred; i++) {
      visible += appliedTime(deferredT[i], deferredPfn[i]) <= deferredAt ? 1 : 0;
    }
    return applied + visible;
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
   * Fails under {@link TraceEnd#ERROR} when the guest, still running, has passed the trace's end at {@code now}
   * (µs): a migration that ends (a cancel at a timeout) without reading a write past the end still outlasted
   * its trace.
   */
  void checkEnd(long now) {
    if (!paused && traceEnd == TraceEnd.ERROR && now > durationUs) {
      throw ended();
    }
  }

  private TraceEndedException ended() {
    return new TraceEndedException(String.format(Locale.US,
        "the trace ended at %.6f s with --trace-end error, %.6f s into the migration",
        durationUs / 1e6, (durationUs - startUs) / 1e6));
  }

  /**
   * Applies to {@code log} every write visible at lap-adjusted trace time {@code now} (µs).
   *
   * @param tracker receives each applied pfn, or null
   * @param settling true when the caller clears bits of the log or pauses the guest right after this advance;
   *     the log must not change otherwise between two advances (see the class comment)
   * @throws TraceEndedException when the clock passes the trace's end under {@link TraceEnd#ERROR}
   */
  void advance(long now, Bitmap log, Migration.WriteTracker tracker, boolean settling) {
    if (paused) {
      return;
    }
    clockUs = now;
    if (traceEnd == TraceEnd.ERROR && now > durationUs) {
      resolveDeferred(deferredAt, true); // as decided at their own advances
      throw ended();
    }
    resolveDeferred(now, settling);
    if (pending > 0) {
      applyPending(now, log, tracker);
    }
    readUpTo(now, log, tracker, !settling && tracker == null);
    deferredAt = now;
  }

  /**
   * The deferred rows at {@code now}: a row whose whole interval has passed is visible, and counted (its page's
   * bit is still set: nothing cleared the log since it was deferred); when {@code settling}, the others are
   * decided by their offsets (counted, or pending), else they wait on.
   */
  private void resolveDeferred(long now, boolean settling) {
    int i = deferredFrom;
    if (i == deferred) {
      return;
    }
    if (deferredT[deferred - 1] + resolutionUs <= now) { // the latest row's, so every row's (the usual case)
      i = deferred;
    }
    while (i < deferred && deferredT[i] + resolutionUs <= now) {
      i++;
    }
    applied += i - deferredFrom;
    for (; settling && i < deferred; i++) {
      long a = appliedTime(deferredT[i], deferredPfn[i]);
      if (a <= now) {
        applied++;
      } else {
        addPending(a, deferredPfn[i]);
      }
    }
    deferredFrom = i;
    if (i == deferred) {
      deferredFrom = 0;
      deferred = 0;
    }
  }

  /** The lap-adjusted applied time of a row at lap-adjusted time {@code lapT}. */
  private long appliedTime(long lapT, long pfn) {
    long t = lapT % durationUs;
    return withinEpoch.appliedTime(t, pfn, resolutionUs, durationUs) + (lapT - t);
  }

  private void applyPending(long now, Bitmap log, Migration.WriteTracker tracker) {
    if (now >= pendingMax) {
      if (readsPending) {
        for (int i = 0; i < pending; i++) {
          applyPendingRow(pendingPfn[i], log, tracker);
        }
      } else {
        applyAll(pendingPfn, 0, pending, log, tracker);
      }
      readsPending = false;
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

  private void readUpTo(long now, Bitmap log, Migration.WriteTracker tracker, boolean mayDefer) {
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
      boolean started = ts[i] + lapBase >= startUs;
      if (started) {
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
      int end = firstAfter(ts, i, n, now - lapBase); // rows [i, end) have come: lap-adjusted t <= now
      if (started && tracker == null && reads == null) {
        applyStraddling(ts, ps, spread, i, end, lapBase, now, log, mayDefer && spread == null);
      } else {
        applyCome(ts, ps, reads, spread, i, end, lapBase, now, log, tracker);
      }
      rowsThisLap += end - index;
      index = end;
      if (end < n) {
        return;
      }
    }
  }

  /**
   * {@link #applyCome} for rows that all straddle {@code now} (t <= now < t + resolution) after the migration's
   * start, without a tracker: the same bits set and the same rows kept pending. Whether a row is visible yet is
   * a coin toss for the branch predictor, so each row takes both ways: its bit joins its word's (a zero bit when
   * not visible) and it is written at the pending list's end, which moves past it only when it is not visible.
   * Rows are sorted by pfn within a time, so neighbours often share a word: their bits are gathered in a
   * register and the word is written once, as {@link Bitmap#setAll} does. With {@code mayDefer}, a row whose
   * page is already dirty is deferred instead (see the class comment).
   */
  private void applyStraddling(long[] ts, long[] ps, int[] spread, int from, int to, long lapBase, long now,
      Bitmap log, boolean mayDefer) {
    int rows = to - from;
    if (pendingTime.length < pending + rows) {
      pendingTime = Arrays.copyOf(pendingTime, Math.max(2 * pendingTime.length, pending + rows));
      pendingPfn = Arrays.copyOf(pendingPfn, pendingTime.length);
    }
    if (mayDefer && deferredT.length < deferred + rows) {
      int waiting = deferred - deferredFrom;
      if (deferredT.length < waiting + rows) {
        deferredT = Arrays.copyOf(deferredT, Math.max(2 * deferredT.length, waiting + rows));
        deferredPfn = Arrays.copyOf(deferredPfn, deferredT.length);
      }
      System.arraycopy(deferredT, deferredFrom, deferredT, 0, waiting);
      System.arraycopy(deferredPfn, deferredFrom, deferredPfn, 0, waiting);
      deferredFrom = 0;
      deferred = waiting;
    }
    long[] words = log.words();
    long[] times = pendingTime;
    long[] pfns = pendingPfn;
    long[] laterT = deferredT;
    long[] laterPfn = deferredPfn;
    int waiting = deferred;
    int kept = pending;
    long max = pendingMax;
    long visible = 0;
    int word = -1;
    long dirty = 0; // the word's bits in the log, with those gathered since
    long bits = 0;
    for (int i = from; i < to; i++) {
      long t = ts[i];
      long pfn = ps[i];
      int w = (int) (pfn >>> 6);
      if (w != word) {
        if (word >= 0) {
          words[word] |= bits;
        }
        word = w;
        bits = 0;
        dirty = words[w];
      }
      if (mayDefer && (dirty & (1L << pfn)) != 0) {
        laterT[waiting] = t + lapBase;
        laterPfn[waiting++] = pfn;
        continue;
      }
      long a = (spread != null ? t + spread[i] : withinEpoch.appliedTime(t, pfn, resolutionUs, durationUs))
          + lapBase; // >= t >= start
      long later = (now - a) >>> 63; // 1 when a > now: not visible yet
      bits |= (later ^ 1) << pfn;
      dirty |= (later ^ 1) << pfn;
      visible += later ^ 1;
      times[kept] = a;
      pfns[kept] = pfn;
      kept += (int) later;
      max = Math.max(max, a); // a visible row's a <= now is below every pending one's
    }
    if (word >= 0) {
      words[word] |= bits;
    }
    applied += visible;
    deferred = waiting;
    pending = kept;
    pendingMax = max;
  }

  /**
   * Applies the rows [from, to) whose time has come (t <= now), or keeps them pending until their offset's;
   * {@code reads} (null for a trace of writes only) marks the rows that are reads.
   */
  private void applyCome(long[] ts, long[] ps, boolean[] reads, int[] spread, int from, int to, long lapBase,
      long now, Bitmap log, Migration.WriteTracker tracker) {
    for (int i = from; i < to; i++) {
      long t = ts[i];
      long lapT = t + lapBase;
      boolean read = reads != null && reads[i];
      if (lapT + resolutionUs <= now && lapT >= startUs) {
        // t <= applied time < t + resolution <= now: visible whatever the offset, so skip computing it.
        apply(ps[i], read, log, tracker);
        continue;
      }
      long a = (spread != null ? t + spread[i] : withinEpoch.appliedTime(t, ps[i], resolutionUs, durationUs))
          + lapBase;
      if (a < startUs) {
        continue; // written before the migration started: belongs to no migration (until the trace loops)
      }
      if (a <= now) {
        apply(ps[i], read, log, tracker);
      } else if (read) {
        addPending(a, -1 - ps[i]); // a read waits as -1 - pfn
        readsPending = true;
      } else {
        addPending(a, ps[i]);
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
