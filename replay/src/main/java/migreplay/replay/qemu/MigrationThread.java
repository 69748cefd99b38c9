package migreplay.replay.qemu;

import java.util.List;
import migreplay.replay.engine.Bitmap;
import migreplay.replay.engine.Migration;
import migreplay.replay.manage.Manager;
import migreplay.replay.manage.ManagerSettings;
import migreplay.replay.manage.MigrationControl;
import migreplay.results.RoundResult;
import migreplay.results.RunResult;
import migreplay.trace.PageSet;
import migreplay.trace.RamRanges;

/**
 * QEMU's migration thread for legacy pre-copy (QEMU 7.2 {@code migration/migration.c} and
 * {@code migration/ram.c}; 9.2's differences in {@link QemuVersion}, {@link RateWindow}), one instance per
 * run. ../shared/research/qemu-validation.md §1 lists what it reproduces:
 * <ul>
 *   <li><b>RAMBlocks.</b> The migration bitmap covers guest RAM (pfn order, holes never set) and then
 *       {@code device_pages} pages of device memory; it starts all ones.
 *   <li><b>Syncs.</b> The setup sync is dirty-sync-count 1. A sync ORs the dirty log into the bitmap and
 *       counts only newly set bits; sending a page clears its bit. There are no passes: a circular cursor
 *       keeps its place across syncs.
 *   <li><b>Start.</b> The clock starts at the migrate command ({@code migrate_init}'s start_time, where
 *       total-time begins); {@code connect_time} later (the channel opened) the thread starts.
 *   <li><b>The loop</b> ({@code migration_thread}): the first rate window begins at the thread's start,
 *       before setup ({@code update_iteration_initial_status} precedes {@code qemu_savevm_state_setup}). While
 *       the window's budget is not spent, take the pending estimate (dirty pages × page size); if it is below
 *       the threshold, sync and take it again; if it is zero or below the threshold, complete; else iterate. Then {@code migration_rate_limit}: update the
 *       counters once 100 whole ms have passed since the window began (bandwidth = bytes ÷ ms, threshold =
 *       bandwidth × downtime limit, a new budget), and if the budget is spent, sleep to the window's end.
 *   <li><b>An iterate call</b> ({@code ram_save_iterate}) sends pages while the budget is not spent, stops
 *       when more than 50 whole ms have passed (checked after the 1st, 65th, 129th... page) or nothing is
 *       dirty, and ends with the 8-byte EOS record.
 *   <li><b>Pages.</b> A page with zero content costs a 9-byte record (header + 1), another one header +
 *       page size bytes (4,104). A page is non-zero at the start if {@code initial_nonzero} says so or the
 *       trace writes it before the start, and from its first write on.
 *   <li><b>Completion.</b> Stop the guest, final sync (its time is in the stop time), send every dirty page
 *       with no rate limit (at the wire's speed), EOS (7.2: not counted in {@code transferred}); downtime-bytes
 *       are the page bytes of that pass.
 *   <li><b>Auto-converge.</b> At a sync more than 1 s after the period began: if the bytes dirtied in the
 *       period exceed {@code throttle_trigger_threshold}% of the bytes sent in it for the second time, throttle
 *       the vCPUs (initial, then + increment, at most max); a vCPU throttled by p runs (1 − p) of the time,
 *       so the guest's trace time runs that much slower (unless a {@link MeasuredGuestSpeed} is given: it
 *       already holds what the throttle did).
 *   <li><b>The dirty log</b> ({@link DirtyLog}): exact, or QEMU 7.2's under TCG, whose syncs after the setup
 *       sync find only a share of the pages written (the rest of those writes are lost to the migration).
 *   <li><b>Timeout.</b> A management layer cancels a migration still iterating at {@code timeout}.
 *   <li><b>Management layer</b> ({@link ManagerSettings}): its monitor looks at the migration at its own times
 *       (checked between pages, and its looks split the rate limiter's sleeps) and may change the downtime limit
 *       (used from the next counters update), pause the guest (the migration goes on; the downtime runs from
 *       the pause), start post-copy or cancel.
 *   <li><b>Post-copy</b> ({@link PostcopyPhase}): once {@code migrate-start-postcopy} was issued (by the manager
 *       or {@code postcopy_start}) and the postcopy-ram capability is on, the next iteration that would iterate
 *       switches instead ({@code migration_iteration_run} → {@code postcopy_start}).
 *   <li><b>Hold-back</b> ({@link HoldBack}, recorder/qemu/hot-page-hold-back.patch): a sync judges hot pages
 *       and moves them from the bitmap to a held set that the send loop never sees; the completion pass sends
 *       the bitmap ∪ the held set. "Remaining" (query-migrate's, the samples', the expected downtime's) counts
 *       the held pages; the pending estimate counts them only with {@code hot_pending=counted}. At a switch to
 *       post-copy the held pages join the bitmap as at the completion pass, so that they are sent once after
 *       the switch, in the background or on request (DESIGN.md, "Hold-back and post-copy").
 * </ul>
 * Host costs (setup, each sync, each page scanned, the stop) advance the clock; the thread waits for its
 * bytes to leave the wire (no overlap of CPU work and transmission).
 */
final class MigrationThread {
  private static final long MS = 1_000_000L;
  private static final long BUFFER_DELAY_MS = 100;
  private static final long MAX_WAIT_MS = 50;
  private static final long EOS_BYTES = 8;
  private static final long THROTTLE_SYNC_PERIOD_MS = 5000;

  private final Migration m;
  private final QemuSettings s;
  private final MeasuredGuestSpeed measured;
  private long measuredMicros = -1;
  private final RateWindow rate;
  private final long pageSize;
  private final long headerBytes;
  private final long ramSpace;
  private final long space;
  private final Bitmap bitmap;
  private final Bitmap nonzero;
  private final HoldBack hold;
  /** Held pages (with a hold-back), never in {@link #bitmap}; null without one. */
  private final Bitmap held;
  /** Scratch: the pages a sync found (with a hold-back). */
  private final Bitmap found;
  /** consecutive:K: per page, the syncs in a row whose log had it (saturating at 255). */
  private final byte[] runs;
  private long heldPages;
  private long heldBySync;
  private List<Sample> samples;
  private long dirtyPages;
  private long cursor;
  private long normalPages;
  private long zeroPages;
  private long transferred;
  private long syncCount;
  private long downtimeBytes;
  private long expectedDowntimeMs;
  private long remainingAtSync;
  private long windowStartMs;
  private long windowInitialBytes;
  private double bandwidth;
  private long threshold;
  private long periodStartMs = -1;
  private long periodDirty;
  private long bytesXferPrev;
  private long dirtyPagesRate;
  private int highCount;
  private int throttlePct;
  private long roundSent;
  private long roundZero;
  private long zeroRemainder;
  private long normalRemainder;
  private long nextTimerMs;
  private long timerPrevCount = 2;
  private final PostcopySettings postcopy;
  private final ManagerSettings managerSettings;
  private final boolean postcopyRam;
  private Manager manager;
  private long nextLookNs = Long.MAX_VALUE;
  private long lookNs;
  private long downtimeLimitMs;
  private boolean postcopyRequested;
  private boolean onDestination;
  private String cancelReason;
  private long pausedAt = -1;

  MigrationThread(Migration migration, QemuSettings settings, MeasuredGuestSpeed measured) {
    this(migration, settings, measured, new PostcopySettings(PostcopySettings.Trigger.OFF, 0, 0, 0), null);
  }

  /**
   * @param postcopy post-copy's settings ({@code postcopy_start} and the costs of the post-copy phase)
   * @param manager the management layer's settings, or null for none
   */
  MigrationThread(Migration migration, QemuSettings settings, MeasuredGuestSpeed measured, PostcopySettings postcopy,
      ManagerSettings manager) {
    this.postcopy = postcopy;
    this.managerSettings = manager;
    this.postcopyRam = manager != null ? manager.postcopyRam() : postcopy.trigger() != PostcopySettings.Trigger.OFF;
    this.downtimeLimitMs = settings.downtimeLimitMs();
    this.m = migration;
    this.s = settings;
    this.measured = measured;
    this.rate = new RateWindow(settings.version(), settings.maxBandwidth());
    this.pageSize = migration.trace().pageSize();
    this.headerBytes = migration.pageHeaderBytes();
    this.ramSpace = migration.pfnSpace();
    this.space = ramSpace + settings.devicePages();
    this.bitmap = new Bitmap(space);
    this.nonzero = new Bitmap(space);
    this.hold = settings.holdBack();
    this.held = hold.active() ? new Bitmap(space) : null;
    this.found = hold.active() ? new Bitmap(space) : null;
    this.runs = hold.rule() == HoldBack.Rule.CONSECUTIVE ? new byte[Math.toIntExact(space)] : null;
    if (held != null) {
      migration.holdBack(held);
    }
  }

  /**
   * Runs the migration to completion or to the timeout, reporting to the {@link Migration}.
   *
   * @param series receives the time series
   * @return which initial non-zero set was used
   */
  QemuSettings.InitialNonzero run(List<Sample> series) {
    this.samples = series;
    RamRanges ram = m.ram();
    for (int r = 0; r < ram.rangeCount(); r++) {
      bitmap.setRange(ram.start(r), ram.end(r));
    }
    bitmap.setRange(ramSpace, space);
    dirtyPages = ram.pageCount() + s.devicePages();
    QemuSettings.InitialNonzero used = initialContent(ram);
    sample("setup");
    m.guestSpeed(s.guestSpeedNum(), s.guestSpeedDen());
    followMeasuredSpeed();
    // qmp_migrate → migrate_init() sets start_time (total-time counts from it), then the channel is opened
    // (exec: spawns a shell) and the migration thread started, whose setup_start begins setup-time.
    m.spend(s.connectNs());
    // migration_thread() calls update_iteration_initial_status() before qemu_savevm_state_setup(): the first
    // rate window begins at the thread's start, so setup (and the setup sync) use up part of it.
    windowStartMs = nowMs();
    windowInitialBytes = rate.total();
    m.spend(s.setupNs());
    sync(false); // ram_save_setup → ram_init_bitmaps: dirty-sync-count 1
    if (managerSettings != null) {
      manager = managerSettings.start(m.ram().pageCount() * pageSize);
      nextLookNs = manager.firstLookNs();
    }
    nextTimerMs = nowMs() + THROTTLE_SYNC_PERIOD_MS;
    while (true) {
      manage();
      if (cancelReason != null) {
        cancel();
        break;
      }
      if (m.now() >= s.timeoutNs()) {
        if (manager != null) {
          m.managerAction(m.now(), "cancel (model timeout " + QemuPrecopy.formatNanos(s.timeoutNs())
              + ": qemu-precopy's timeout came before the manager ended the migration)");
        }
        cancel();
        break;
      }
      throttleTimer();
      followMeasuredSpeed();
      if (!rate.exceeded()) {
        // migration_iteration_run
        long pending = pendingPages() * pageSize;
        if (pending < threshold) {
          sync(true);
          pending = pendingPages() * pageSize;
        }
        if (pending == 0 || pending < threshold) {
          complete();
          break;
        }
        if (postcopyRequested) {
          startPostcopy();
          break;
        }
        if (dirtyPages == 0) {
          spin();
        } else {
          iterate();
        }
      }
      rateLimit();
    }
    return used;
  }

  private QemuSettings.InitialNonzero initialContent(RamRanges ram) {
    QemuSettings.InitialNonzero used = s.initialNonzero();
    java.util.Optional<PageSet> set = m.trace().initialNonzeroPages();
    if (used == QemuSettings.InitialNonzero.AUTO) {
      used = set.isPresent() ? QemuSettings.InitialNonzero.TRACE : QemuSettings.InitialNonzero.ALL;
    }
    switch (used) {
      case TRACE -> set.orElseThrow(() -> new migreplay.io.BadInputException(QemuPrecopy.NAME, "initial_nonzero=trace "
          + "but the trace has no initial_nonzero set (ingest it with --initial-nonzero, or give initial_nonzero=auto, "
          + "all or written)"))
          .forEach(nonzero::set);
      case ALL -> {
        for (int r = 0; r < ram.rangeCount(); r++) {
          nonzero.setRange(ram.start(r), ram.end(r));
        }
      }
      default -> { }
    }
    m.writtenBeforeStart(nonzero);
    nonzero.setRange(space - s.deviceNonzeroPages(), space);
    return used;
  }

  /** {@code ram_save_iterate}. */
  private void iterate() {
    long t0 = m.now();
    for (long i = 0; !rate.exceeded() && m.now() < s.timeoutNs(); i++) {
      long p = nextDirty();
      if (p < 0) {
        break;
      }
      sendPage(p);
      if (m.now() >= nextLookNs) {
        manage();
        if (cancelReason != null) {
          break;
        }
      }
      if ((i & 63) == 0 && (m.now() - t0) / MS > MAX_WAIT_MS) {
        break;
      }
    }
    endOfSection(true);
  }

  /**
   * Nothing is dirty but held pages counted in the pending estimate ({@code hot_pending=counted}) keep it at or
   * above the threshold: no sync comes (ram_save_pending syncs only below it), so QEMU's thread spins on
   * ram_save_iterate passes that find no page, each writing an EOS, until something outside it acts (the
   * timeout, a manager's look, {@code postcopy_start}). The spin is modelled as 1 ms of waiting per loop; its EOS
   * records (8 bytes a pass, as many passes as the host's CPU makes) are not.
   */
  private void spin() {
    sleepUntil(Math.min(m.now() + MS, s.timeoutNs()));
  }

  /** {@code migration_rate_limit}. */
  private void rateLimit() {
    updateCounters(nowMs());
    if (rate.exceeded()) {
      long ms = windowStartMs + BUFFER_DELAY_MS - nowMs();
      if (ms > 0) {
        sleepUntil(Math.min(m.now() + ms * MS, s.timeoutNs()));
      }
    }
  }

  /** {@code migration_update_counters}: at most once per 100 ms window. */
  private void updateCounters(long nowMs) {
    if (nowMs < windowStartMs + BUFFER_DELAY_MS) {
      return;
    }
    long bytes = rate.total() - windowInitialBytes;
    long spent = nowMs - windowStartMs;
    bandwidth = (double) bytes / spent;
    threshold = (long) (bandwidth * downtimeLimitMs);
    if (dirtyPagesRate != 0 && bytes > 10000) {
      expectedDowntimeMs = (long) (remainingAtSync / bandwidth);
    }
    rate.reset();
    windowStartMs = nowMs;
    windowInitialBytes = rate.total();
    sample("active");
  }

  /** {@code migration_bitmap_sync}. */
  private void sync(boolean endsRound) {
    syncCount++;
    if (periodStartMs < 0) {
      periodStartMs = nowMs();
    }
    m.spend(s.syncNs());
    long added = harvest();
    periodDirty += added;
    remainingAtSync = remainingPages() * pageSize;
    long endMs = nowMs();
    if (endMs > periodStartMs + 1000) {
      triggerThrottle();
      dirtyPagesRate = periodDirty * 1000 / (endMs - periodStartMs);
      periodStartMs = endMs;
      periodDirty = 0;
      bytesXferPrev = transferred;
    }
    if (endsRound) {
      endRound(added, false);
    }
  }

  /**
   * ORs the dirty log into the bitmap (remembering written pages as non-zero), or with a hold-back, into
   * {@link #found} first (see {@link #holdBack()}); returns the bits newly set in the bitmap.
   */
  private long harvest() {
    m.peek();
    nonzero.orCountingNew(m.log());
    heldBySync = 0;
    Bitmap into = held == null ? bitmap : found;
    if (held != null) {
      found.clearAll();
    }
    long added = s.dirtyLog() == DirtyLog.TCG_7_2 && syncCount > 1
        ? m.sync(into, p -> DirtyLog.seen(p, syncCount, s.tcgLogSharePpm()))
        : m.sync(into);
    if (held != null) {
      added = holdBack();
    }
    dirtyPages += added;
    return added;
  }

  /**
   * The hold-back's part of a sync (the patch's {@code ramblock_sync_hold_back}), word by word over the pages
   * this sync {@code found}, those {@code pending} in the bitmap and those held:
   * hot = found ∩ (held ∪ the policy's candidates), bitmap = (pending ∪ found) \ hot, held ∪= hot; the
   * candidates are found ∩ pending ({@code paper}) or the found pages whose run reached K
   * ({@code consecutive:K}; runs count from sync 2, since in QEMU the setup sync's log holds all of RAM), only
   * at syncs numbered {@code hot_from_sync} or later before the guest stops.
   * Updates {@link #dirtyPages} for the pending pages held, {@link #heldPages} and {@link #heldBySync}.
   *
   * @return the pages newly set in the bitmap (found, neither pending nor hot)
   */
  private long holdBack() {
    boolean judge = !m.paused() && syncCount >= hold.fromSync();
    long[] f = found.words();
    long[] b = bitmap.words();
    long[] h = held.words();
    long newlySet = 0;
    long removed = 0;
    long newlyHeld = 0;
    for (int k = 0; k < f.length; k++) {
      long hot = f[k] & h[k];
      if (runs != null && syncCount >= 2) {
        hot |= consecutive(k, f[k], judge);
      } else if (judge) {
        hot |= f[k] & b[k];
      }
      newlyHeld += Long.bitCount(hot & ~h[k]);
      removed += Long.bitCount(b[k] & hot);
      newlySet += Long.bitCount(f[k] & ~b[k] & ~hot);
      h[k] |= hot;
      b[k] = (b[k] | f[k]) & ~hot;
    }
    dirtyPages -= removed;
    heldPages += newlyHeld;
    heldBySync = newlyHeld;
    return newlySet;
  }

  /** consecutive:K: advances the runs of word {@code k}'s pages; returns those whose run reached K (if judging). */
  private long consecutive(int k, long foundWord, boolean judge) {
    long hot = 0;
    int base = k * 64;
    int last = (int) Math.min(64, space - base);
    for (int i = 0; i < last; i++) {
      if ((foundWord & (1L << i)) != 0) {
        int run = runs[base + i] & 0xff;
        if (run < 255) {
          runs[base + i] = (byte) ++run;
        }
        if (judge && run >= hold.k()) {
          hot |= 1L << i;
        }
      } else {
        runs[base + i] = 0;
      }
    }
    return hot;
  }

  /** The pending estimate's pages ({@code ram_save_pending}): dirty, plus held with {@code hot_pending=counted}. */
  private long pendingPages() {
    return dirtyPages + (hold.pendingCounted() ? heldPages : 0);
  }

  /** Pages still to send ({@code ram_bytes_remaining}): dirty and held. */
  private long remainingPages() {
    return dirtyPages + heldPages;
  }

  /** {@code migration_trigger_throttle} and {@code mig_throttle_guest_down}. */
  private void triggerThrottle() {
    if (!s.autoConverge()) {
      return;
    }
    long xfer = transferred - bytesXferPrev;
    long dirtied = periodDirty * pageSize;
    long limit = xfer * s.throttleTriggerThreshold() / 100;
    if (dirtied > limit && ++highCount >= 2) {
      highCount = 0;
      throttlePct = throttlePct == 0 ? s.throttleInitial()
          : Math.min(throttlePct + s.throttleIncrement(), s.throttleMax());
      if (!measured.present()) {
        m.guestSpeed(s.guestSpeedNum() * (100 - throttlePct), s.guestSpeedDen() * 100);
      }
    }
  }

  /**
   * With a {@link MeasuredGuestSpeed}, the guest runs at the measured speed of the current host time, set at
   * each turn of the loop (so at most one iterate call or rate window after a segment begins).
   */
  private void followMeasuredSpeed() {
    if (!measured.present()) {
      return;
    }
    long micros = measured.micros(m.now());
    if (micros != measuredMicros) {
      measuredMicros = micros;
      m.guestSpeed(micros, 1_000_000);
    }
  }

  /** 9.2 with auto-converge: every 5 s, a sync if none happened since the last tick (and count > 1). */
  private void throttleTimer() {
    if (s.version() != QemuVersion.V9_2 || !s.autoConverge()) {
      return;
    }
    while (nowMs() >= nextTimerMs) {
      if (syncCount > 1 && syncCount == timerPrevCount) {
        sync(true);
      }
      timerPrevCount = syncCount;
      nextTimerMs += THROTTLE_SYNC_PERIOD_MS;
    }
  }

  /** {@code migration_completion} → {@code ram_save_complete}. */
  private void complete() {
    m.pause();
    rate.unlimit();
    syncCount++; // the final sync: the guest is stopped, so its harvest is complete whenever it runs
    long added = harvest();
    endRound(added, false);
    if (held != null) {
      // ram_hold_back_release: the held pages join the bitmap, to be sent once in this pass
      dirtyPages += bitmap.orCountingNew(held);
      heldPages = 0;
    }
    // stop_time is all of the downtime but the final pass: stopping the guest, this sync, device state and
    // completion (the shipped records with under 0.5 MB left to send had 1-2 ms of downtime); sync_time is a
    // live sync's.
    m.spend(s.stopNs());
    long before = transferred;
    for (long p = nextDirty(); p >= 0; p = nextDirty()) {
      sendPage(p);
    }
    downtimeBytes = transferred - before;
    // 7.2's ram_save_complete writes its EOS without ram_transferred_add() (ram_save_iterate's is added): on
    // the wire, not in ram.transferred. 9.2's transferred counts every byte of the stream.
    completeSection();
    endRound(0, true);
    if (pausedAt >= 0) {
      m.reportDowntime(m.now() - pausedAt); // the manager paused the guest before the last round
    }
    m.converged();
    sample("completed");
    m.report(RunResult.COMPLETED, counters());
  }

  /** The management layer's cancel: the interval since the last sync closes as a round. */
  private void cancel() {
    heldBySync = 0;
    endRound(0, false);
    sample("cancelled");
    m.report(RunResult.NOT_CONVERGED, counters());
  }

  private RunResult.Counters counters() {
    return new RunResult.Counters(normalPages, zeroPages, syncCount, downtimeBytes, expectedDowntimeMs / 1000.0,
        transferred, remainingPages() * pageSize);
  }

  private void endRound(long dirtied, boolean last) {
    m.endRound(roundSent, dirtied, held == null ? null : last ? 0L : heldBySync,
        new RoundResult.Sync(roundZero, threshold, bandwidth * 1000), last);
    roundSent = 0;
    roundZero = 0;
  }

  /**
   * The management layer's looks due by now (each at its own time), and {@code postcopy_start} without one.
   * A manager's pause takes effect now (the page or sleep in progress at its look ends first).
   */
  private void manage() {
    if (!postcopyRequested && postcopyRam && manager == null && postcopy.due(m.now(), syncCount)) {
      postcopyRequested = true;
      m.managerAction(m.now(), "migrate-start-postcopy (" + postcopy.describe() + ")");
    }
    while (manager != null && cancelReason == null && m.now() >= nextLookNs) {
      lookNs = nextLookNs;
      nextLookNs += manager.periodNs();
      manager.look(lookNs, control);
    }
  }

  /** Sleeps until {@code tick}, waking at the manager's looks on the way; a cancel ends the sleep. */
  private void sleepUntil(long tick) {
    while (nextLookNs < tick && cancelReason == null) {
      m.sleepUntil(nextLookNs);
      manage();
    }
    if (cancelReason == null) {
      m.sleepUntil(tick);
    }
  }

  private final MigrationControl control = new MigrationControl() {
    @Override
    public long remainingBytes() {
      return dirtyPages * pageSize;
    }

    @Override
    public void setDowntimeLimit(long ms, String why) {
      downtimeLimitMs = ms;
      m.managerAction(lookNs, "downtime_limit=" + ms + "ms (" + why + ")");
    }

    @Override
    public void startPostcopy(String why) {
      if (!postcopyRam) {
        m.managerAction(lookNs, "migrate-start-postcopy refused: the postcopy-ram capability is off (" + why + ")");
        return;
      }
      postcopyRequested = true;
      m.managerAction(lookNs, "migrate-start-postcopy (" + why + ")");
    }

    @Override
    public void pauseGuest(String why) {
      if (pausedAt >= 0) {
        return;
      }
      pausedAt = m.now();
      m.pause();
      m.managerAction(lookNs, "pause guest (" + why + ")");
    }

    @Override
    public void cancel(String why) {
      cancelReason = why;
      m.managerAction(lookNs, "cancel (" + why + ")");
    }
  };

  /**
   * {@code postcopy_start}: stop the guest, the last bitmap sync (in {@code ram_postcopy_send_discard_bitmap}),
   * the discard bitmap and device state; the background stream restarts from the first page; then the guest
   * runs on the destination and {@link PostcopyPhase} sends the rest. The switch is a round of its own with the
   * guest stopped (phase {@code stop}, no page sent); the downtime is its length.
   */
  private void startPostcopy() {
    long stopAt = m.now();
    long precopyPages = m.pagesSent();
    m.guestSpeed(0, 1);
    m.pause();
    rate.unlimit();
    sample("postcopy-active");
    syncCount++;
    long added = harvest();
    endRound(added, false);
    if (held != null) {
      // The held pages join the bitmap before postcopy_start sends its discard bitmap: only then does the
      // destination drop its stale copies and request them, and the background stream send them.
      dirtyPages += bitmap.orCountingNew(held);
      heldPages = 0;
    }
    m.spend(s.stopNs()); // as at completion, stop_time covers stopping the guest, this sync and device state
    cursor = 0; // last_seen_block = NULL, last_page = 0
    endRound(0, true);
    m.reportDowntime(m.now() - stopAt);
    onDestination = true;
    Bitmap dirtyAtSwitch = new Bitmap(space);
    dirtyAtSwitch.orCountingNew(bitmap);
    RunResult.Postcopy figures = new PostcopyPhase(this, m, postcopy, s.guestSpeedNum(), s.guestSpeedDen())
        .run(dirtyAtSwitch, stopAt, precopyPages);
    m.endPostcopyRound(roundSent, new RoundResult.Sync(roundZero, threshold, bandwidth * 1000));
    roundSent = 0;
    roundZero = 0;
    m.converged();
    sample("completed");
    m.report(RunResult.COMPLETED, counters());
    m.reportPostcopy(figures);
  }

  /** Pages of the migration bitmap (guest RAM, then device memory). */
  long space() {
    return space;
  }

  /** Whether page {@code p} is dirty in the migration bitmap (not sent since it was last found dirty). */
  boolean isDirty(long p) {
    return bitmap.get(p);
  }

  boolean anyDirty() {
    return dirtyPages > 0;
  }

  /** Bytes of the RAM stream so far ({@code ram.transferred}). */
  long transferred() {
    return transferred;
  }

  /** The cursor goes on after page {@code p} (a post-copy request moves it there). */
  void cursorAfter(long p) {
    cursor = p + 1;
  }

  /** The next dirty page from the cursor, circularly over all blocks, or -1 when none is dirty. */
  long nextDirty() {
    long p = bitmap.nextSetBit(cursor);
    if (p < 0) {
      p = bitmap.nextSetBit(0);
      if (p < 0) {
        return -1;
      }
    }
    cursor = p + 1;
    return p;
  }

  void sendPage(long p) {
    bitmap.clear(p);
    dirtyPages--;
    if (p < ramSpace && m.verifying()) {
      m.recordSend(p);
    }
    long bytes;
    if (isZero(p)) {
      zeroRemainder = cpu(zeroRemainder, s.zeroPageRate());
      bytes = headerBytes + 1;
      rate.record(bytes);
      zeroPages++;
      roundZero++;
    } else {
      normalRemainder = cpu(normalRemainder, s.normalPageRate());
      bytes = headerBytes + pageSize;
      rate.normalPage(headerBytes, pageSize);
      normalPages++;
    }
    transferred += bytes;
    roundSent++;
    m.send(1, bytes);
  }

  /** Whether page {@code p} holds zeros now: not non-zero at the start and not written since. */
  private boolean isZero(long p) {
    if (nonzero.get(p)) {
      return false;
    }
    if (p >= ramSpace || onDestination) {
      return true; // device memory beyond the ROMs; after the switch, content is as of the switch's sync
    }
    m.peek();
    return !m.log().get(p);
  }

  /** One page's CPU time at {@code perSecond} pages per second, exact over the run via a remainder. */
  private long cpu(long remainder, long perSecond) {
    if (perSecond == 0) {
      return 0;
    }
    long r = remainder + QemuPrecopy.NS;
    m.spend(r / perSecond);
    return r % perSecond;
  }

  /**
   * The EOS record ending ram_save_complete's section (pre-copy's completion, or post-copy's end): 7.2 writes it
   * without ram_transferred_add() (ram_save_iterate's is added), so it is on the wire but not in
   * ram.transferred; 9.2's transferred counts every byte of the stream.
   */
  void completeSection() {
    endOfSection(s.version() != QemuVersion.V7_2);
  }

  /** The 8-byte EOS record; {@code counted}: whether it enters {@code ram.transferred}. */
  void endOfSection(boolean counted) {
    rate.record(EOS_BYTES);
    rate.endOfIterate();
    if (counted) {
      transferred += EOS_BYTES;
    }
    m.send(0, EOS_BYTES);
  }

  private void sample(String status) {
    samples.add(new Sample(m.seconds(m.now()), transferred, remainingPages() * pageSize, syncCount, status));
  }

  private long nowMs() {
    return m.now() / MS;
  }
}
