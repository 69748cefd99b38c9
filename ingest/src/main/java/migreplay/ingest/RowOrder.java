package migreplay.ingest;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Sorts rows held in two parallel arrays by (t, pfn), in place and without allocating when the keys fit:
 * a no-op for sorted input; for input sorted by time only (a recorder that writes each epoch's pages in the
 * order it met them), a sort of each time's pages when times are small; else (t - min t, pfn) packed into one
 * long in the time array and radix-sorted with the pfn array as scratch. Times and pfns too wide to pack take
 * an index sort (time by time when time-sorted).
 */
final class RowOrder {
  private static final int DIGIT_BITS = 11;
  private static final int RADIX_FROM = 1 << 10; // below this many rows, Arrays.sort is as quick
  /**
   * Time-sorted rows are sorted time by time while a time holds at most this many rows on average, else
   * radix-sorted as unsorted rows are. 10 M rows of random pages: 64 a time, 176 ms by time against 235 ms radix;
   * 8,192 a time, 415 ms against 176 ms.
   */
  private static final long PER_TIME_SORT_MAX_ROWS = 1024;

  private RowOrder() {}

  static void sort(long[] t, long[] p, int n) {
    boolean sorted = true;
    boolean timeSorted = true;
    long times = Math.min(n, 1);
    for (int i = 1; i < n; i++) {
      if (t[i] < t[i - 1] || (t[i] == t[i - 1] && p[i] < p[i - 1])) {
        sorted = false;
        timeSorted &= t[i] >= t[i - 1];
      }
      if (t[i] > t[i - 1]) {
        times++;
      }
    }
    sort(t, p, n, sorted, timeSorted, times);
  }

  /**
   * As {@link #sort(long[], long[], int)}, for a caller that watched the rows arrive and knows their order.
   *
   * @param sorted rows {@code [0, n)} are in (t, pfn) order already (duplicates allowed)
   * @param timeSorted their times never decrease
   * @param times how many distinct times they hold (read only when time-sorted)
   */
  static void sort(long[] t, long[] p, int n, boolean sorted, boolean timeSorted, long times) {
    if (sorted) {
      return;
    }
    if (timeSorted && n <= PER_TIME_SORT_MAX_ROWS * times) {
      sortEachTime(t, p, n);
      return;
    }
    long minT = Long.MAX_VALUE;
    long maxT = Long.MIN_VALUE;
    long maxP = 0;
    for (int i = 0; i < n; i++) {
      minT = Math.min(minT, t[i]);
      maxT = Math.max(maxT, t[i]);
      maxP = Math.max(maxP, p[i]);
    }
    int pBits = 64 - Long.numberOfLeadingZeros(maxP);
    int tBits = 64 - Long.numberOfLeadingZeros(maxT - minT);
    if (timeSorted && pBits + tBits > 63) {
      sortEachTime(t, p, n);
      return;
    }
    if (pBits + tBits <= 63) {
      for (int i = 0; i < n; i++) {
        t[i] = ((t[i] - minT) << pBits) | p[i];
      }
      long[] keys = t;
      if (n < RADIX_FROM) {
        Arrays.sort(t, 0, n);
      } else {
        keys = radixSort(t, p, n, pBits + tBits);
      }
      long mask = pBits == 0 ? 0 : (1L << pBits) - 1;
      for (int i = 0; i < n; i++) {
        long k = keys[i];
        t[i] = (k >>> pBits) + minT;
        p[i] = k & mask;
      }
      return;
    }
    indexSort(t, p, n);
  }

  private static void sortEachTime(long[] t, long[] p, int n) {
    for (int from = 0, to; from < n; from = to) {
      to = from + 1;
      while (to < n && t[to] == t[from]) {
        to++;
      }
      Arrays.sort(p, from, to);
    }
  }

  /**
   * LSD radix sort of the non-negative keys {@code a[0, n)} of at most {@code bits} bits, using {@code scratch}
   * as the other buffer.
   *
   * @return the array (a or scratch) that holds the sorted keys
   */
  static long[] radixSort(long[] a, long[] scratch, int n, int bits) {
    int[] count = new int[1 << DIGIT_BITS];
    long[] src = a;
    long[] dst = scratch;
    for (int shift = 0; shift < bits; shift += DIGIT_BITS) {
      Arrays.fill(count, 0);
      for (int i = 0; i < n; i++) {
        count[(int) (src[i] >>> shift) & (count.length - 1)]++;
      }
      int sum = 0;
      boolean oneBucket = false;
      for (int b = 0; b < count.length; b++) {
        int c = count[b];
        oneBucket |= c == n;
        count[b] = sum;
        sum += c;
      }
      if (oneBucket) {
        continue; // every key has this digit: the pass would not move anything
      }
      for (int i = 0; i < n; i++) {
        long k = src[i];
        dst[count[(int) (k >>> shift) & (count.length - 1)]++] = k;
      }
      long[] swap = src;
      src = dst;
      dst = swap;
    }
    return src;
  }

  private static void indexSort(long[] t, long[] p, int n) {
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.<Integer>comparingLong(i -> t[i]).thenComparingLong(i -> p[i]));
    long[] t2 = new long[n];
    long[] p2 = new long[n];
    for (int i = 0; i < n; i++) {
      t2[i] = t[idx[i]];
      p2[i] = p[idx[i]];
    }
    System.arraycopy(t2, 0, t, 0, n);
    System.arraycopy(p2, 0, p, 0, n);
  }
}
