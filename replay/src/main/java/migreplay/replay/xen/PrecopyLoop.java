package migreplay.replay.xen;

import migreplay.replay.engine.Bitmap;
import migreplay.replay.engine.Migration;
import migreplay.trace.RamRanges;

/**
 * Xen 3.3.0's pre-copy loop ({@code tools/libxc/xc_domain_save.c}, ../shared/research/algorithms.md §1.4),
 * with an optional hot-page policy for the improved pre-copy. Per round: scan pfns in order; before each
 * batch of up to {@code batchPages} <em>selected</em> pages peek the log into {@code to_skip}; send a page
 * in {@code to_send} and not in {@code to_skip} (count one in both as skipped); in the last round send all
 * of {@code to_send}. After a live round decide whether the next is the last (round ≥ max rounds, sent +
 * skipped < stop pages, or total sent > max factor × pfn space), pausing the guest if so, then clean the log
 * into the next {@code to_send}.
 *
 * <p>The linear scan works a 64-bit word at a time; the permuted scan (Xen 3.2's order) goes page by page,
 * and with the identity order it is the reference the word scan is tested against.
 */
final class PrecopyLoop {
  /** Scan order of a round. */
  enum ScanOrder {
    /** Ascending pfns, as Xen 3.3.0. */
    LINEAR,
    /** Xen 3.2's {@code permute()}: a 10-bit rotation of the pfn index. */
    PERMUTE,
    /** Ascending pfns page by page: the reference implementation of LINEAR, for tests. */
    LINEAR_REFERENCE
  }

  /**
   * Xen's constants, as parameters.
   *
   * @param maxRounds live rounds at most (Xen's {@code max_iters}, 29)
   * @param maxFactor stop once more than this × the pfn space was sent (3)
   * @param stopPages stop once a round's sent + skipped pages are fewer than this (50)
   * @param batchPages selected pages per batch (MAX_BATCH_SIZE, 1024)
   * @param scanOrder linear (3.3.0) or permute (3.2)
   */
  record Settings(int maxRounds, int maxFactor, long stopPages, int batchPages, ScanOrder scanOrder) {
    static final Settings XEN_3_3_0 = new Settings(29, 3, 50, 1024, ScanOrder.LINEAR);

    Settings {
      if (maxRounds < 1 || maxFactor < 1 || stopPages < 0 || batchPages < 1) {
        throw new IllegalArgumentException(
            "max_rounds, max_factor and batch_pages must be at least 1 and stop_pages at least 0");
      }
    }
  }

  private final Settings settings;
  private final HotPolicy hot;
  private long sent;
  private long skipped;
  private long hotAdded;

  PrecopyLoop(Settings settings, HotPolicy hot) {
    this.settings = settings;
    this.hot = hot;
  }

  void run(Migration m) {
    long space = m.pfnSpace();
    Bitmap toSend = new Bitmap(space);
    RamRanges ram = m.ram();
    for (int r = 0; r < ram.rangeCount(); r++) {
      toSend.setRange(ram.start(r), ram.end(r));
    }
    Bitmap sendLast = hot == null ? null : new Bitmap(space);
    if (sendLast != null) {
      m.holdBack(sendLast);
    }
    byte[] streak = hot instanceof HotPolicy.Consecutive ? new byte[Math.toIntExact(space)] : null;
    long totalSent = 0;
    boolean last = false;
    for (int round = 1; ; round++) {
      boolean judge = hot instanceof HotPolicy.Paper && !last && round >= hot.fromRound();
      scan(m, toSend, last, judge ? sendLast : null);
      totalSent += sent;
      if (last) {
        m.endRound(sent, 0, 0, 0, true);
        return;
      }
      boolean threshold = sent + skipped < settings.stopPages();
      last = round >= settings.maxRounds() || threshold || totalSent > settings.maxFactor() * space;
      if (last) {
        if (threshold) {
          m.converged();
        }
        m.pause();
      }
      long dirtied = m.clean(toSend);
      if (streak != null && !last) {
        hotAdded += judgeConsecutive(streak, toSend, sendLast, (HotPolicy.Consecutive) hot, round);
      }
      m.endRound(sent, skipped, dirtied, hotAdded, false);
      if (sendLast != null) {
        if (last) {
          toSend.or(sendLast);
        } else {
          toSend.andNot(sendLast);
        }
      }
    }
  }

  /** Scans one round, leaving its counts in {@link #sent}, {@link #skipped}, {@link #hotAdded}. */
  private void scan(Migration m, Bitmap toSend, boolean last, Bitmap judgeInto) {
    sent = 0;
    skipped = 0;
    hotAdded = 0;
    if (settings.scanOrder() == ScanOrder.LINEAR) {
      scanWords(m, toSend, last, judgeInto);
    } else {
      scanPages(m, toSend, last, judgeInto);
    }
  }

  private void scanWords(Migration m, Bitmap toSend, boolean last, Bitmap judgeInto) {
    long[] ts = toSend.words();
    long[] lg = m.log().words();
    long[] hw = judgeInto == null ? null : judgeInto.words();
    long space = m.pfnSpace();
    int batchPages = settings.batchPages();
    boolean verify = m.verifying();
    long n = 0;
    while (n < space) {
      if (!last) {
        m.peek();
      }
      int batch = 0;
      while (batch < batchPages && n < space) {
        int w = (int) (n >>> 6);
        long mask = -1L << n;
        long word = ts[w] & mask;
        if (word == 0) {
          n = (long) (w + 1) << 6;
          continue;
        }
        long dirty = last ? 0 : lg[w];
        long sel = word & ~dirty;
        int room = batchPages - batch;
        int count = Long.bitCount(sel);
        long region = mask;
        if (count <= room) {
          batch += count;
          n = (long) (w + 1) << 6;
        } else {
          long x = sel;
          for (int k = 1; k < room; k++) {
            x &= x - 1;
          }
          int pos = Long.numberOfTrailingZeros(x);
          region = pos == 63 ? mask : mask & ((1L << (pos + 1)) - 1);
          sel &= region;
          batch += room;
          n = ((long) w << 6) + pos + 1;
        }
        long skip = word & dirty & region;
        if (skip != 0) {
          int c = Long.bitCount(skip);
          skipped += c;
          if (hw != null) {
            hw[w] |= skip;
            hotAdded += c;
          }
        }
        if (verify) {
          for (long s = sel; s != 0; s &= s - 1) {
            m.recordSend(((long) w << 6) + Long.numberOfTrailingZeros(s));
          }
        }
      }
      if (batch == 0) {
        break;
      }
      m.send(batch);
      sent += batch;
    }
  }

  private void scanPages(Migration m, Bitmap toSend, boolean last, Bitmap judgeInto) {
    long space = m.pfnSpace();
    int orderNr = 64 - Long.numberOfLeadingZeros(Math.max(1, space - 1));
    boolean permute = settings.scanOrder() == ScanOrder.PERMUTE;
    Bitmap log = m.log();
    long n = 0;
    while (n < space) {
      if (!last) {
        m.peek();
      }
      int batch = 0;
      while (batch < settings.batchPages() && n < space) {
        long pfn = permute ? permute(n, space, orderNr) : n;
        n++;
        if (!toSend.get(pfn)) {
          continue;
        }
        if (!last && log.get(pfn)) {
          skipped++;
          if (judgeInto != null) {
            judgeInto.set(pfn);
            hotAdded++;
          }
          continue;
        }
        batch++;
        m.recordSend(pfn);
      }
      if (batch == 0) {
        break;
      }
      m.send(batch);
      sent += batch;
    }
  }

  /**
   * Xen 3.2's {@code permute(i, nr, order_nr)}: rotate the order_nr-bit index left by 10 bits, repeating
   * while the result is not below nr. For a pfn space of at most 1,024 pages (order_nr ≤ 10, where Xen's
   * shift would be negative) the order is the identity.
   */
  static long permute(long i, long nr, int orderNr) {
    if (orderNr <= 10) {
      return i;
    }
    long all = (1L << orderNr) - 1;
    do {
      i = ((i >>> (orderNr - 10)) | (i << 10)) & all;
    } while (i >= nr);
    return i;
  }

  /** Counts consecutive dirty rounds per page at a clean; pages reaching K are held back. */
  private static long judgeConsecutive(
      byte[] streak, Bitmap cleaned, Bitmap sendLast, HotPolicy.Consecutive rule, int round) {
    long added = 0;
    boolean judge = round >= rule.fromRound();
    for (int p = 0; p < streak.length; p++) {
      if (cleaned.get(p)) {
        if (streak[p] < rule.k()) {
          streak[p]++;
        }
        if (judge && streak[p] >= rule.k() && !sendLast.get(p)) {
          sendLast.set(p);
          added++;
        }
      } else {
        streak[p] = 0;
      }
    }
    return added;
  }
}
