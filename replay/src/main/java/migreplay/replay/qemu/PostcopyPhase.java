package migreplay.replay.qemu;

import java.util.Arrays;
import migreplay.replay.engine.Bitmap;
import migreplay.replay.engine.Migration;
import migreplay.results.RunResult;

/**
 * QEMU 7.2's post-copy phase (postcopy-ram, without postcopy-preempt), after {@link MigrationThread} has made the
 * switch ({@code postcopy_start}: stop the guest, the last bitmap sync, the discard bitmap, device state; the
 * guest then runs on the destination). From {@code migration/ram.c}, {@code migration/postcopy-ram.c} and
 * {@code migration/migration.c} of QEMU v7.2.0:
 * <ul>
 *   <li><b>Background stream.</b> The source sends every page still dirty in the bitmap, from the first
 *       RAMBlock's first page on ({@code last_seen_block = NULL} at the switch), no sync any more, at
 *       {@code max-postcopy-bandwidth} (0 = unlimited: the wire's speed) in 100 ms windows, with an EOS record
 *       at the end of each {@code ram_save_iterate} call (after more than 50 ms, checked every 64 pages).
 *   <li><b>Remote faults.</b> A guest access (a write; a read too where the trace records reads) to a page not
 *       yet received blocks the vCPU (userfaultfd) and sends a page request; the request reaches the source
 *       {@code postcopy_rtt} ÷ 2 later, and the source sends it before anything else at its next page
 *       ({@code get_queued_page}), unless the page was already sent, and the background stream then goes on
 *       from that page ({@code last_seen_block}/{@code last_page} follow the requested page). A page arrives
 *       {@code postcopy_rtt} ÷ 2 after it has left the wire; the guest runs again then. With one vCPU the
 *       guest waits on one fault at a time; a page sent already but still on its way is waited for without a
 *       second send.
 *   <li><b>Accounting.</b> {@code postcopy-requests} counts the faults (one request each), {@code postcopy-bytes}
 *       the bytes sent after the switch.
 * </ul>
 * Where the model is coarser than QEMU: the guest is looked at between two pages of the stream, so a fault is
 * noticed up to one page's wire time late (and the guest's accesses in that interval all happen); accesses in
 * the last half round trip after the source sent its last page are not checked; the discard bitmap and the
 * device state are not counted in bytes (as in pre-copy); KVM's asynchronous page faults (another guest task
 * running while one waits) are not modelled.
 */
final class PostcopyPhase {
  private static final long MS = 1_000_000L;
  private static final long WINDOW_NS = 100 * MS;
  private static final long MAX_WAIT_NS = 50 * MS;
  /** While the background stream is rate limited, the guest is looked at this often. */
  private static final long POLL_NS = MS;

  private final MigrationThread thread;
  private final Migration m;
  private final PostcopySettings ps;
  private final long latency;
  private final long speedNum;
  private final long speedDen;
  private final Bitmap inFlight;
  private long[] accessed = new long[256];
  private int accessedCount;
  // pages on their way to the destination: (pfn, arrival tick), arrival ascending
  private final PfnQueue flights = new PfnQueue(64);
  // page requests on their way to the source: (pfn, tick it arrives), arrival ascending
  private final PfnQueue requests = new PfnQueue(16);
  // the guest's current fault and the accesses after it in the same look
  private boolean blocked;
  private long faultPfn;
  private long faultAt;
  private final PfnQueue after = new PfnQueue(16);
  private long faults;
  private long requestPages;
  private long waitNs;
  private long windowStart;
  private long windowBytes;

  PostcopyPhase(MigrationThread thread, Migration m, PostcopySettings ps, long speedNum, long speedDen) {
    this.thread = thread;
    this.m = m;
    this.ps = ps;
    this.latency = ps.rttNs() / 2;
    this.speedNum = speedNum;
    this.speedDen = speedDen;
    this.inFlight = new Bitmap(thread.space());
  }

  /**
   * Runs the phase from the guest's start on the destination until the source has sent the last dirty page.
   *
   * @param dirtyAtSwitch the pages dirty after the switch's sync (the pages the destination lacks)
   * @return the phase's figures, with the times and pages before it from {@code switchAt}, {@code precopyPages}
   */
  RunResult.Postcopy run(Bitmap dirtyAtSwitch, long switchAt, long precopyPages) {
    long resumeAt = m.now();
    long pagesBefore = m.pagesSent();
    long bytesBefore = thread.transferred();
    m.runOnDestination(this::access, dirtyAtSwitch);
    m.guestSpeed(speedNum, speedDen);
    windowStart = m.now();
    long iterStart = m.now();
    long i = 0;
    while (true) {
      arrivals(m.now());
      guest();
      long p = nextRequested();
      boolean requested = p >= 0;
      if (!requested) {
        if (!thread.anyDirty()) {
          break;
        }
        if (rateLimited()) {
          pause();
          continue;
        }
        p = thread.nextDirty();
      } else {
        thread.cursorAfter(p); // last_seen_block/last_page follow the requested page
      }
      long before = thread.transferred();
      thread.sendPage(p);
      windowBytes += thread.transferred() - before;
      if (requested) {
        requestPages++;
      }
      m.recordPostcopySend(p, requested);
      flights.push(p, m.now() + latency);
      inFlight.set(p);
      if ((++i & 63) == 0 && m.now() - iterStart > MAX_WAIT_NS) {
        thread.endOfSection(true); // ram_save_iterate's
        iterStart = m.now();
      }
    }
    thread.completeSection(); // qemu_savevm_state_complete_postcopy → ram_save_complete
    // The guest may still wait on a page on its way: it runs again when that page arrives.
    while (blocked && !flights.isEmpty()) {
      arrivals(flights.headTick());
    }
    return new RunResult.Postcopy(m.seconds(switchAt), m.seconds(m.now() - resumeAt), precopyPages,
        m.pagesSent() - pagesBefore, thread.transferred() - bytesBefore, faults, requestPages, m.seconds(waitNs),
        m.readsRecorded() ? "reads+writes" : "writes only");
  }

  private void access(long pfn) {
    if (accessedCount == accessed.length) {
      accessed = Arrays.copyOf(accessed, accessedCount * 2);
    }
    accessed[accessedCount++] = pfn;
  }

  /** Whether the destination still lacks {@code pfn}: dirty at the source, or sent and on its way. */
  private boolean missing(long pfn) {
    return thread.isDirty(pfn) || inFlight.get(pfn);
  }

  /** The guest's accesses up to now, unless it is blocked on a fault. */
  private void guest() {
    if (blocked) {
      return;
    }
    m.peek();
    for (int k = 0; k < accessedCount; k++) {
      long pfn = accessed[k];
      if (blocked) {
        after.push(pfn, 0);
      } else if (missing(pfn)) {
        fault(pfn, m.now());
      }
    }
    accessedCount = 0;
  }

  /** The vCPU blocks on {@code pfn} at {@code at}; a request goes to the source unless the page is on its way. */
  private void fault(long pfn, long at) {
    faults++;
    blocked = true;
    faultPfn = pfn;
    faultAt = at;
    m.guestSpeedFrom(at, 0, 1);
    if (thread.isDirty(pfn)) {
      requests.push(pfn, at + latency);
    }
  }

  /** Pages that have arrived by {@code tick} leave the in-flight set; a guest waiting on one runs again. */
  private void arrivals(long tick) {
    while (!flights.isEmpty() && flights.headTick() <= tick) {
      long at = flights.headTick();
      long pfn = flights.pop();
      inFlight.clear(pfn);
      if (blocked && pfn == faultPfn) {
        unblock(at);
      }
    }
  }

  /** The faulted page arrived at {@code at}: the guest runs again, and faults on the next missing page it touched. */
  private void unblock(long at) {
    waitNs += at - faultAt;
    m.recordFault(faultPfn, at, at);
    blocked = false;
    m.guestSpeedFrom(at, speedNum, speedDen);
    while (!blocked && !after.isEmpty()) {
      long pfn = after.pop();
      if (missing(pfn)) {
        fault(pfn, at);
      }
    }
  }

  /** The first request that has reached the source and whose page is still dirty, or -1. */
  private long nextRequested() {
    while (!requests.isEmpty() && requests.headTick() <= m.now()) {
      long pfn = requests.pop();
      if (thread.isDirty(pfn)) {
        return pfn;
      }
    }
    return -1;
  }

  /** Whether {@code max-postcopy-bandwidth}'s budget for the current 100 ms window is spent. */
  private boolean rateLimited() {
    if (ps.maxPostcopyBandwidth() == 0) {
      return false;
    }
    if (m.now() >= windowStart + WINDOW_NS) {
      windowStart = m.now();
      windowBytes = 0;
    }
    return windowBytes >= ps.maxPostcopyBandwidth() / 10;
  }

  /** Rate limited: wait until the window ends, a request arrives, a page arrives, or a poll of the guest. */
  private void pause() {
    long until = Math.min(windowStart + WINDOW_NS, m.now() + POLL_NS);
    if (!requests.isEmpty()) {
      until = Math.min(until, Math.max(m.now(), requests.headTick()));
    }
    if (!flights.isEmpty()) {
      until = Math.min(until, Math.max(m.now(), flights.headTick()));
    }
    m.sleepUntil(Math.max(until, m.now() + 1));
  }

  /** A first-in first-out queue of (pfn, tick) pairs in a ring that grows when full. */
  private static final class PfnQueue {
    private long[] pfn;
    private long[] tick;
    private int head;
    private int size;

    PfnQueue(int capacity) {
      pfn = new long[capacity];
      tick = new long[capacity];
    }

    boolean isEmpty() {
      return size == 0;
    }

    /** The first pair's tick. */
    long headTick() {
      return tick[head];
    }

    /** Removes the first pair and returns its pfn. */
    long pop() {
      long p = pfn[head];
      head = (head + 1) % pfn.length;
      size--;
      return p;
    }

    void push(long p, long t) {
      if (size == pfn.length) {
        long[] np = new long[size * 2];
        long[] nt = new long[size * 2];
        for (int k = 0; k < size; k++) {
          np[k] = pfn[(head + k) % size];
          nt[k] = tick[(head + k) % size];
        }
        pfn = np;
        tick = nt;
        head = 0;
      }
      int at = (head + size++) % pfn.length;
      pfn[at] = p;
      tick[at] = t;
    }
  }
}
