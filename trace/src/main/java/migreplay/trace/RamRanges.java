package migreplay.trace;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * Guest RAM as sorted, disjoint pfn ranges {@code [start, end)}. Pages outside the ranges are holes (MMIO,
 * the PCI hole below 4 GiB): they are never written and never sent. Written in metadata as
 * {@code 0-786432,1048576-1310720}.
 */
public final class RamRanges {
  /** log2 of {@link #MAX_PFN_SPACE}. */
  public static final int MAX_PFN_SPACE_LOG2 = 36;
  /**
   * The largest pfn space a trace may have: 2^36 pages (256 TiB of 4 KiB pages), far beyond any guest, and
   * small enough that a bitmap over it (8 GiB) still fits a Java array of words.
   */
  public static final long MAX_PFN_SPACE = 1L << MAX_PFN_SPACE_LOG2;

  private final long[] starts;
  private final long[] ends;
  private final long pageCount;

  private RamRanges(long[] starts, long[] ends) {
    this.starts = starts;
    this.ends = ends;
    long pages = 0;
    for (int i = 0; i < starts.length; i++) {
      pages += ends[i] - starts[i];
    }
    this.pageCount = pages;
  }

  /** One range {@code [0, pages)}. */
  public static RamRanges ofPages(long pages) {
    if (pages <= 0) {
      throw new IllegalArgumentException("ram pages must be positive, found " + pages);
    }
    if (pages > MAX_PFN_SPACE) {
      throw tooLarge(pages);
    }
    return new RamRanges(new long[] {0}, new long[] {pages});
  }

  /**
   * Parses {@code start-end[,start-end...]}, ends exclusive, ranges ascending and disjoint.
   *
   * @throws IllegalArgumentException naming the offending range
   */
  public static RamRanges parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("expected pfn ranges like 0-786432,1048576-1310720, found nothing");
    }
    String[] parts = text.trim().split(",");
    long[] starts = new long[parts.length];
    long[] ends = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      int dash = part.indexOf('-');
      try {
        if (dash <= 0) {
          throw new NumberFormatException();
        }
        starts[i] = Long.parseLong(part.substring(0, dash).trim());
        ends[i] = Long.parseLong(part.substring(dash + 1).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a pfn range start-end (end exclusive), found "
            + migreplay.io.Quote.of(part));
      }
      if (starts[i] < 0 || ends[i] <= starts[i]) {
        throw new IllegalArgumentException("expected 0 <= start < end in pfn range, found "
            + migreplay.io.Quote.of(part));
      }
      if (ends[i] > MAX_PFN_SPACE) {
        throw tooLarge(ends[i]);
      }
      if (i > 0 && starts[i] < ends[i - 1]) {
        throw new IllegalArgumentException(
            "expected ascending, disjoint pfn ranges, found " + migreplay.io.Quote.of(part) + " after "
                + migreplay.io.Quote.of(parts[i - 1].trim()));
      }
    }
    return new RamRanges(starts, ends);
  }

  private static IllegalArgumentException tooLarge(long end) {
    return new IllegalArgumentException("a pfn space of " + end + " pages is too large; at most 2^"
        + MAX_PFN_SPACE_LOG2 + " = " + MAX_PFN_SPACE + " pages (256 TiB of 4 KiB pages)");
  }

  /** Whether {@code pfn} is guest RAM. */
  public boolean contains(long pfn) {
    if (starts.length == 1) {
      return pfn >= starts[0] && pfn < ends[0];
    }
    int i = Arrays.binarySearch(starts, pfn);
    if (i >= 0) {
      return true;
    }
    int range = -i - 2;
    return range >= 0 && pfn < ends[range];
  }

  /** The pfn of the {@code k}-th RAM page (0-based, holes skipped). */
  public long pfnAt(long k) {
    for (int r = 0; r < starts.length; r++) {
      long n = ends[r] - starts[r];
      if (k < n) {
        return starts[r] + k;
      }
      k -= n;
    }
    throw new IndexOutOfBoundsException("RAM page index " + k + " beyond " + pageCount + " pages");
  }

  /** Number of RAM pages (holes excluded). */
  public long pageCount() {
    return pageCount;
  }

  /** The pfn space: one past the highest RAM pfn (Xen's {@code p2m_size}). */
  public long pfnSpace() {
    return ends[ends.length - 1];
  }

  public int rangeCount() {
    return starts.length;
  }

  public long start(int range) {
    return starts[range];
  }

  public long end(int range) {
    return ends[range];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RamRanges r && Arrays.equals(starts, r.starts) && Arrays.equals(ends, r.ends);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(starts) + Arrays.hashCode(ends);
  }

  /** The metadata form, {@code start-end,start-end}. */
  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(",");
    for (int i = 0; i < starts.length; i++) {
      j.add(starts[i] + "-" + ends[i]);
    }
    return j.toString();
  }
}
