package migreplay.replay;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceSource;

/**
 * What an algorithm drives: the migration clock (bits sent, exact), the network, the guest's dirty log and
 * the round accounting. Mirrors the calls Xen's {@code xc_domain_save} makes: {@link #peek()} is
 * {@code SHADOW_OP_PEEK}, {@link #clean(Bitmap)} is {@code SHADOW_OP_CLEAN}, {@link #pause()} suspends the
 * domain, {@link #send(long)} writes pages to the socket. Writes enter the log only at peeks and cleans, with
 * every write visible at that moment, which is exactly what the hypervisor's bitmap would show then.
 *
 * <p>One instance per run, used by one thread.
 */
public final class Migration {
  /** Receives each pfn as it enters the dirty log (used by the invariant checker). */
  interface WriteTracker {
    void written(long pfn);
  }

  private final RamRanges ram;
  private final long pfnSpace;
  private final long bitsPerPage;
  private final long bandwidthBps;
  private final WriteStream writes;
  private final Bitmap log;
  private final List<RoundResult> rounds = new ArrayList<>();
  private final Verifier verifier;
  private long bits;
  private long roundStartBits;
  private long pagesSent;
  private long hotPages;
  private boolean converged;

  Migration(TraceSource reader, RunOptions options, boolean verify) throws IOException {
    this.ram = reader.metadata().ramRanges();
    this.pfnSpace = ram.pfnSpace();
    this.bitsPerPage = (reader.metadata().pageSize() + options.pageHeaderBytes()) * 8;
    this.bandwidthBps = options.bandwidthBps();
    this.writes = new WriteStream(reader, options);
    this.log = new Bitmap(pfnSpace);
    this.verifier = verify ? new Verifier(pfnSpace) : null;
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

  /** Brings the log up to date with every write visible at the current clock. */
  public void peek() {
    writes.advance(bits, log, verifier);
  }

  /**
   * Peeks, copies the log into {@code into} and clears the log.
   *
   * @return the number of distinct pages that were in the log (Xen's {@code dirty_count})
   */
  public long clean(Bitmap into) {
    peek();
    into.copyFrom(log);
    log.clearAll();
    return into.cardinality();
  }

  /** Suspends the guest: writes visible now are in the log; no later write is applied. */
  public void pause() {
    peek();
    writes.pause();
  }

  public boolean paused() {
    return writes.paused();
  }

  /** Sends {@code pages} pages: the clock advances by their bits on the wire. */
  public void send(long pages) {
    bits += pages * bitsPerPage;
    pagesSent += pages;
  }

  /** Tells the invariant checker (when on) that {@code pfn} is in the batch about to be sent. */
  void recordSend(long pfn) {
    if (verifier != null) {
      verifier.sent(pfn);
    }
  }

  /**
   * Registers the pages an algorithm holds back for the last round; the checker (when on) then fails the
   * run if one of them is sent while the guest still runs.
   */
  void holdBack(Bitmap pages) {
    if (verifier != null) {
      verifier.heldBack = pages;
    }
  }

  boolean verifying() {
    return verifier != null;
  }

  /** Closes the current round and starts the next. */
  public void endRound(long sent, long skipped, long dirtied, long hotAdded, boolean last) {
    rounds.add(new RoundResult(rounds.size() + 1, seconds(roundStartBits), seconds(bits - roundStartBits), sent,
        skipped, last ? 0 : dirtied, hotAdded, last));
    roundStartBits = bits;
    hotPages += hotAdded;
  }

  /** Marks the migration as ended by the convergence threshold rather than a cap. */
  public void converged() {
    converged = true;
  }

  long bits() {
    return bits;
  }

  long pagesSent() {
    return pagesSent;
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

  long writesApplied() {
    return writes.applied();
  }

  double seconds(long b) {
    return (double) b / bandwidthBps;
  }

  /**
   * Checks DESIGN.md's invariant at the end of a run: every RAM page was sent at least once, and no page's
   * last write (applied before the pause) came after its last send.
   *
   * @return null when it holds, else a description of the first page that breaks it
   */
  String checkInvariant() {
    return verifier == null ? null : verifier.check(ram);
  }

  /** Per-page clock of the last write applied and of the last send, for {@link #checkInvariant()}. */
  private final class Verifier implements WriteTracker {
    private final long[] lastWrite;
    private final long[] lastSend;
    private Bitmap heldBack;
    private String heldBackSent;

    Verifier(long pfnSpace) {
      lastWrite = new long[Math.toIntExact(pfnSpace)];
      lastSend = new long[Math.toIntExact(pfnSpace)];
      Arrays.fill(lastWrite, -1);
      Arrays.fill(lastSend, -1);
    }

    @Override
    public void written(long pfn) {
      lastWrite[(int) pfn] = bits;
    }

    void sent(long pfn) {
      lastSend[(int) pfn] = bits;
      if (heldBack != null && heldBackSent == null && !paused() && heldBack.get(pfn)) {
        heldBackSent = "hot page " + pfn + " was sent in a live round (round " + (rounds.size() + 1) + ")";
      }
    }

    String check(RamRanges ram) {
      if (heldBackSent != null) {
        return heldBackSent;
      }
      for (int r = 0; r < ram.rangeCount(); r++) {
        for (long p = ram.start(r); p < ram.end(r); p++) {
          if (lastSend[(int) p] < 0) {
            return "RAM page " + p + " was never sent";
          }
          if (lastWrite[(int) p] > lastSend[(int) p]) {
            return "page " + p + " was last written at bit " + lastWrite[(int) p] + " but last sent at bit "
                + lastSend[(int) p];
          }
        }
      }
      return null;
    }
  }
}
