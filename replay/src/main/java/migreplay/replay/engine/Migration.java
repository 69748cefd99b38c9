package migreplay.replay.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;
import migreplay.results.RoundResult;
import migreplay.results.RunResult;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceSource;

/**
 * What an algorithm drives: the migration clock, the {@link Link}, the guest's dirty log and the round
 * accounting. Mirrors the calls Xen's {@code xc_domain_save} makes: {@link #peek()} is
 * {@code SHADOW_OP_PEEK}, {@link #clean(Bitmap)} is {@code SHADOW_OP_CLEAN}, {@link #pause()} suspends the
 * domain, {@link #send(long)} writes pages to the socket; QEMU's model adds {@link #sync(Bitmap)} (OR the log
 * into the migration bitmap), host CPU time ({@link #spend(long)}), sleeps and a guest speed.
 * Writes enter the log only at peeks, syncs and cleans, with every write visible at that moment, which is
 * exactly what the hypervisor's bitmap would show then.
 *
 * <p>The clock is an integer count of ticks ({@link #ticksPerSecond()}, chosen by the algorithm: one per bit
 * time of the link by default, so that a Xen run's clock is exactly the bits sent). The guest's trace time
 * follows it through a {@link GuestClock}.
 *
 * <p>One instance per run, used by one thread.
 */
public final class Migration {
  /** Receives each pfn as it enters the dirty log (used by the invariant checker). */
  interface WriteTracker {
    void written(long pfn);

    /** A read of {@code pfn} (traces that record reads), which does not enter the dirty log. */
    default void read(long pfn) {}
  }

  private final TraceMetadata trace;
  private final RamRanges ram;
  private final long pfnSpace;
  private final long pageBytes;
  private final Link link;
  private final GuestClock guest;
  private final WriteStream writes;
  private final Bitmap log;
  private final List<RoundResult> rounds = new ArrayList<>();
  private final Verifier verifier;
  private long now;
  private long roundStart;
  private long pagesSent;
  private long bytesSent;
  private long hotPages;
  private boolean converged;
  private String migrationStatus;
  private RunResult.Counters counters;
  private final List<ManagerAction> actions = new ArrayList<>();
  private long reportedDowntime = -1;
  private RunResult.Postcopy postcopy;
  /** After the switch to post-copy: receives the guest's accesses on the destination; null before. */
  private WriteTracker destination;
  private PostcopyCheck postcopyCheck;

  /** One action of a management layer: at {@code tick}, {@code what}. */
  record ManagerAction(long tick, String what) {}

  Migration(TraceSource reader, RunOptions options, boolean verify, long ticksPerSecond) throws IOException {
    this(reader, options, verify, new ConstantLink(options.bandwidthBps(), ticksPerSecond));
  }

  /** A migration over {@code link} (e.g. a flow of a {@link SharedLink}), whose clock rate it takes. */
  Migration(TraceSource reader, RunOptions options, boolean verify, Link link) throws IOException {
    long ticksPerSecond = link.ticksPerSecond();
    this.trace = reader.metadata();
    this.ram = reader.metadata().ramRanges();
    this.pfnSpace = ram.pfnSpace();
    this.pageBytes = reader.metadata().pageSize() + options.pageHeaderBytes();
    this.link = link;
    this.guest = new GuestClock(options.startUs(), ticksPerSecond);
    this.writes = new WriteStream(reader, options);
    this.log = new Bitmap(pfnSpace);
    this.verifier = verify ? new Verifier(pfnSpace) : null;
  }

  /** The trace's metadata (page size, initial non-zero pages, ...). */
  public TraceMetadata trace() {
    return trace;
  }

  /** Wire bytes per page besides the page itself. */
  public long pageHeaderBytes() {
    return pageBytes - trace.pageSize();
  }

  /** Guest RAM; pages outside it are holes, never written, never sent. */
  public RamRanges ram() {
    return ram;
  }

  /** One past the highest RAM pfn (Xen's p2m_size). */
  public long pfnSpace() {
    return pfnSpace;
  }

  /** The log-dirty bitmap as of the last {@link #peek()} or {@link #clean(Bitmap)}. Read only. */
  public Bitmap log() {
    return log;
  }

  /**
   * Brings the log up to date with every write visible at the current clock. After {@link #runOnDestination}
   * the writes (and reads) go to the destination's access consumer as well; they no longer dirty the source.
   */
  public void peek() {
    writes.advance(guest.traceUsAt(now), log, tracker(), false);
  }

  /** {@link #peek()} right before bits of the log are cleared or the guest is paused (see {@link WriteStream}). */
  private void settle() {
    writes.advance(guest.traceUsAt(now), log, tracker(), true);
  }

  /** Who sees each applied access besides the log: the destination after post-copy's switch, else the checker. */
  private WriteTracker tracker() {
    return destination != null ? destination : verifier;
  }

  /**
   * QEMU's bitmap sync: peeks, ORs the log into {@code bitmap} and clears the log.
   *
   * @return the number of bits newly set in {@code bitmap} (pages already pending are not counted twice)
   */
  public long sync(Bitmap bitmap) {
    settle();
    long added = bitmap.orCountingNew(log);
    log.clearAll();
    return added;
  }

  /**
   * A sync of a dirty log that misses writes (QEMU 7.2 under TCG): as {@link #sync(Bitmap)}, but a page in
   * the log for which {@code seen} is false is left out and its writes since the last sync are lost; the
   * invariant checker (when on) then holds the page only to its writes that reached the bitmap.
   *
   * @return the number of bits newly set in {@code bitmap}
   */
  public long sync(Bitmap bitmap, LongPredicate seen) {
    settle();
    for (long p = log.nextSetBit(0); p >= 0; p = log.nextSetBit(p + 1)) {
      if (seen.test(p)) {
        if (verifier != null) {
          verifier.logged(p);
        }
      } else {
        log.clear(p);
        if (verifier != null) {
          verifier.lost(p);
        }
      }
    }
    long added = bitmap.orCountingNew(log);
    log.clearAll();
    return added;
  }

  /** Marks in {@code into} every page the trace writes before the migration's start (first lap). */
  public void writtenBeforeStart(Bitmap into) {
    writes.writtenBeforeStart(into);
  }

  /** The clock: ticks since the migration started. */
  public long now() {
    return now;
  }

  /** Ticks per second of the clock. */
  public long ticksPerSecond() {
    return link.ticksPerSecond();
  }

  /** Host CPU time passes (the sender works without sending). */
  public void spend(long ticks) {
    if (ticks < 0) {
      throw new IllegalArgumentException("time cannot go back");
    }
    now += ticks;
  }

  /** The sender waits until {@code tick} (no-op if it is past). */
  public void sleepUntil(long tick) {
    now = Math.max(now, tick);
  }

  /** From now on the guest runs {@code num / den} trace seconds per second of the clock. */
  public void guestSpeed(long num, long den) {
    guest.setSpeed(now, num, den);
  }

  /**
   * From {@code tick} (not before the last speed change, possibly before now if nothing peeked since) the guest
   * runs {@code num / den}: post-copy resumes a guest blocked on a fault at the page's arrival.
   */
  public void guestSpeedFrom(long tick, long num, long den) {
    guest.setSpeed(tick, num, den);
  }

  /**
   * Peeks, copies the log into {@code into} and clears the log.
   *
   * @return the number of distinct pages that were in the log (Xen's {@code dirty_count})
   */
  public long clean(Bitmap into) {
    settle();
    into.copyFrom(log);
    log.clearAll();
    return into.cardinality();
  }

  /** Suspends the guest: writes visible now are in the log; no later write is applied. */
  public void pause() {
    settle();
    writes.pause();
  }

  public boolean paused() {
    return writes.paused();
  }

  /**
   * Post-copy's switch is over: the guest runs again, on the destination. Its accesses (writes, and reads where
   * the trace records them) from now on go to {@code accesses} as {@link #peek()} reaches them, and no longer
   * dirty the source; the invariant checker (when on) holds the pages {@code dirtyAtSwitch} (pfns below
   * {@link #pfnSpace()}) to being sent exactly once from now on, each in the background or on request.
   */
  public void runOnDestination(java.util.function.LongConsumer accesses, Bitmap dirtyAtSwitch) {
    destination = new WriteTracker() {
      @Override
      public void written(long pfn) {
        accesses.accept(pfn);
      }

      @Override
      public void read(long pfn) {
        accesses.accept(pfn);
      }
    };
    if (verifier != null) {
      postcopyCheck = new PostcopyCheck(dirtyAtSwitch, pfnSpace);
    }
    writes.resume();
  }

  /** Whether the trace records reads (then post-copy faults count reads too). */
  public boolean readsRecorded() {
    return trace.readsRecorded();
  }

  /** Post-copy: tells the checker (when on) that {@code pfn} is sent now, on request or in the background. */
  public void recordPostcopySend(long pfn, boolean requested) {
    if (postcopyCheck != null) {
      postcopyCheck.sent(pfn, requested, now);
    }
  }

  /** Post-copy: tells the checker (when on) that the guest waited on {@code pfn} until {@code resumeTick}. */
  public void recordFault(long pfn, long resumeTick, long arrivalTick) {
    if (postcopyCheck != null) {
      postcopyCheck.fault(pfn, resumeTick, arrivalTick);
    }
  }

  /** A management layer's action at {@code tick} (the look that made it), for the runs and rounds. */
  public void managerAction(long tick, String what) {
    actions.add(new ManagerAction(tick, what));
  }

  List<ManagerAction> managerActions() {
    return actions;
  }

  /**
   * The guest's downtime, when it is not the last round's duration: post-copy's switch, or a guest a manager
   * paused before the last round.
   */
  public void reportDowntime(long ticks) {
    reportedDowntime = ticks;
  }

  long reportedDowntime() {
    return reportedDowntime;
  }

  /** The post-copy figures of a migration that switched. */
  public void reportPostcopy(RunResult.Postcopy figures) {
    this.postcopy = figures;
  }

  RunResult.Postcopy postcopy() {
    return postcopy;
  }

  /** Closes the post-copy phase as a round (phase {@code postcopy}: the guest ran on the destination). */
  public void endPostcopyRound(long sent, RoundResult.Sync sync) {
    rounds.add(new RoundResult(rounds.size() + 1, seconds(roundStart), seconds(now - roundStart), sent, null, 0,
        null, false, sync, RoundResult.POSTCOPY, null));
    roundStart = now;
  }

  /** Sends {@code pages} pages of page size + header bytes each: the clock advances until they have left. */
  public void send(long pages) {
    send(pages, pages * pageBytes);
  }

  /**
   * Sends {@code pages} pages taking {@code bytes} bytes on the wire (with any records besides pages, e.g.
   * QEMU's zero-page records or end-of-section markers): the clock advances until the link has sent them.
   */
  public void send(long pages, long bytes) {
    now = link.send(now, bytes);
    pagesSent += pages;
    bytesSent += bytes;
  }

  /** Tells the invariant checker (when on) that {@code pfn} is sent now (or in the batch about to be sent). */
  public void recordSend(long pfn) {
    if (verifier != null) {
      verifier.sent(pfn);
    }
  }

  /**
   * Registers the pages an algorithm holds back for the last round (the algorithm adds pages to it as it
   * judges them); the checker (when on) then fails the run if one of them is sent while the guest still runs
   * on the source after it was held, or is not sent exactly once while the guest is paused or, after a switch
   * to post-copy, runs on the destination.
   */
  public void holdBack(Bitmap pages) {
    if (verifier != null) {
      verifier.heldBack = pages;
    }
  }

  /** Whether the invariant checker is on (then algorithms call {@link #recordSend(long)} per page). */
  public boolean verifying() {
    return verifier != null;
  }

  /** Closes the current round of a Xen-style algorithm and starts the next. */
  public void endRound(long sent, long skipped, long dirtied, long hotAdded, boolean last) {
    rounds.add(new RoundResult(rounds.size() + 1, seconds(roundStart), seconds(now - roundStart), sent,
        skipped, last ? 0 : dirtied, hotAdded, last));
    roundStart = now;
    hotPages += hotAdded;
  }

  /**
   * Closes the current round of a QEMU-style algorithm (the interval up to a bitmap sync, or the final pass)
   * and starts the next; the columns such an algorithm lacks (skipped, and hot without a hold-back) stay empty.
   *
   * @param dirtied pages the sync that ends the round newly set (0 for the last round)
   * @param hotAdded pages the sync that ends the round newly held back, or null without a hold-back
   */
  public void endRound(long sent, long dirtied, Long hotAdded, RoundResult.Sync sync, boolean last) {
    rounds.add(new RoundResult(rounds.size() + 1, seconds(roundStart), seconds(now - roundStart), sent, null,
        last ? 0 : dirtied, hotAdded, last, sync));
    roundStart = now;
    if (hotAdded != null) {
      hotPages += hotAdded;
    }
  }

  /** Marks the migration as ended by the convergence threshold rather than a cap. */
  public void converged() {
    converged = true;
  }

  /**
   * For algorithms that report how the migration ended and QEMU's counters (see {@link RunResult}); others
   * leave them unset and a finished run is {@code completed}.
   */
  public void report(String migrationStatus, RunResult.Counters counters) {
    writes.checkEnd(guest.traceUsAt(now)); // a cancel past the trace's end under --trace-end error fails the run
    this.migrationStatus = migrationStatus;
    this.counters = counters;
  }

  String migrationStatus() {
    return migrationStatus;
  }

  RunResult.Counters counters() {
    return counters;
  }

  /** Pages sent so far. */
  public long pagesSent() {
    return pagesSent;
  }

  /** Bytes handed to the link so far. */
  public long bytesSent() {
    return bytesSent;
  }

  long hotPages() {
    return hotPages;
  }

  boolean isConverged() {
    return converged;
  }

  List<RoundResult> rounds() {
    return rounds;
  }

  /** Times the trace was replayed up to the pause (see {@code WriteStream.laps()}). */
  long traceLaps() {
    return writes.laps();
  }

  long writesApplied() {
    return writes.applied();
  }

  /** Ticks as seconds (for results only; the clock itself stays in integers). */
  public double seconds(long ticks) {
    return (double) ticks / link.ticksPerSecond();
  }

  /**
   * Checks DESIGN.md's invariant at the end of a run: every RAM page was sent at least once, and no page's
   * last write (applied before the pause) came after its last send.
   *
   * @return null when it holds, else a description of the first page that breaks it
   */
  String checkInvariant() {
    if (verifier == null) {
      return null;
    }
    String broken = verifier.check(ram);
    return broken != null || postcopyCheck == null ? broken : postcopyCheck.check();
  }

  /** Per-page clock of the last write applied and of the last send, for {@link #checkInvariant()}. */
  private final class Verifier implements WriteTracker {
    private final long[] lastWrite;
    private final long[] lastSend;
    /** Per page, the last write that reached the bitmap through a lossy sync (allocated at the first). */
    private long[] lastLogged;
    private Bitmap heldBack;
    private String heldBackSent;
    /** Held pages sent while the guest is paused (allocated at the first). */
    private Bitmap heldSentLast;

    Verifier(long pfnSpace) {
      lastWrite = new long[Math.toIntExact(pfnSpace)];
      lastSend = new long[Math.toIntExact(pfnSpace)];
      Arrays.fill(lastWrite, -1);
      Arrays.fill(lastSend, -1);
    }

    @Override
    public void written(long pfn) {
      lastWrite[(int) pfn] = now;
    }

    void logged(long pfn) {
      lastLogged()[(int) pfn] = lastWrite[(int) pfn];
    }

    /** The page's writes since the last sync never reached the bitmap: hold it to the ones before. */
    void lost(long pfn) {
      lastWrite[(int) pfn] = lastLogged()[(int) pfn];
    }

    private long[] lastLogged() {
      if (lastLogged == null) {
        lastLogged = new long[lastWrite.length];
        Arrays.fill(lastLogged, -1);
      }
      return lastLogged;
    }

    void sent(long pfn) {
      lastSend[(int) pfn] = now;
      if (heldBack == null || heldBackSent != null || !heldBack.get(pfn)) {
        return;
      }
      if (!paused() && destination == null) { // after a switch to post-copy the guest runs on the destination
        heldBackSent = "hot page " + pfn + " was sent in a live round (round " + (rounds.size() + 1) + ")";
        return;
      }
      if (heldSentLast == null) {
        heldSentLast = new Bitmap(heldBack.size());
      }
      if (heldSentLast.get(pfn)) {
        heldBackSent = "hot page " + pfn + " was sent twice in the last round"
            + (destination != null ? " or after the switch to post-copy" : "");
      }
      heldSentLast.set(pfn);
    }

    String check(RamRanges ram) {
      if (heldBackSent != null) {
        return heldBackSent;
      }
      if (heldBack != null) {
        for (long p = heldBack.nextSetBit(0); p >= 0 && p < pfnSpace; p = heldBack.nextSetBit(p + 1)) {
          if (heldSentLast == null || !heldSentLast.get(p)) {
            return "hot page " + p + " was not sent in the last round"
                + (destination != null ? " or after the switch to post-copy" : "");
          }
        }
      }
      for (int r = 0; r < ram.rangeCount(); r++) {
        for (long p = ram.start(r); p < ram.end(r); p++) {
          if (lastSend[(int) p] < 0) {
            return "RAM page " + p + " was never sent";
          }
          if (lastWrite[(int) p] > lastSend[(int) p]) {
            return "page " + p + " was last written at tick " + lastWrite[(int) p] + " but last sent at tick "
                + lastSend[(int) p];
          }
        }
      }
      return null;
    }
  }
}
