package migreplay.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorts rows by (t_us, pfn) and drops duplicates, out of core: rows are buffered in primitive arrays up to
 * a row budget, each full buffer is sorted and spilled to a temporary file as a sorted run, and the runs are
 * merged at the end. Input that arrives sorted (as recorders write it) is only checked, not sorted. Heap use
 * is the budget, whatever the input's size; the temporary files are deleted on {@link #close()}.
 */
final class RowSorter implements RowSink, AutoCloseable {
  /** Receives sorted, distinct rows. */
  interface Output {
    void accept(long tUs, long pfn) throws IOException;
  }

  private final int budget;
  private long[] ts;
  private long[] ps;
  private final List<Path> runs = new ArrayList<>();
  private int n;
  private long rowsIn;
  private long maxT = -1;
  private IOException spillFailure;

  /** @param memoryRows the most rows held in memory; the buffers grow to it only as rows come */
  RowSorter(int memoryRows) {
    budget = memoryRows;
    ts = new long[Math.min(memoryRows, 1 << 16)];
    ps = new long[ts.length];
  }

  @Override
  public void accept(long tUs, long pfn) {
    if (n == ts.length) {
      if (ts.length < budget) {
        int grown = (int) Math.min(budget, 2L * ts.length);
        ts = Arrays.copyOf(ts, grown);
        ps = Arrays.copyOf(ps, grown);
      } else {
        spill();
      }
    }
    ts[n] = tUs;
    ps[n++] = pfn;
    rowsIn++;
    if (tUs > maxT) {
      maxT = tUs;
    }
  }

  /** Rows received, duplicates included. */
  long rowsIn() {
    return rowsIn;
  }

  /** The latest time received, or -1 if none. */
  long maxT() {
    return maxT;
  }

  /** Sorted runs spilled to disk so far. */
  int spilledRuns() {
    return runs.size();
  }

  /** Emits every distinct row in (t_us, pfn) order. */
  void drain(Output out) throws IOException {
    if (spillFailure != null) {
      throw spillFailure;
    }
    if (runs.isEmpty()) {
      sort(ts, ps, n);
      long pt = -1;
      long pp = -1;
      for (int i = 0; i < n; i++) {
        if (ts[i] != pt || ps[i] != pp) {
          out.accept(ts[i], ps[i]);
          pt = ts[i];
          pp = ps[i];
        }
      }
      return;
    }
    spill();
    if (spillFailure != null) {
      throw spillFailure;
    }
    merge(out);
  }

  private void spill() {
    if (n == 0 || spillFailure != null) {
      n = 0;
      return;
    }
    sort(ts, ps, n);
    try {
      Path f = Files.createTempFile("migreplay-sort-", ".run");
      runs.add(f);
      try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(f), 1 << 16))) {
        for (int i = 0; i < n; i++) {
          o.writeLong(ts[i]);
          o.writeLong(ps[i]);
        }
      }
    } catch (IOException e) {
      spillFailure = new IOException("cannot spill sorted rows to a temporary file: " + e.getMessage(), e);
    }
    n = 0;
  }

  private static final class Run {
    final DataInputStream in;
    long t;
    long p;

    Run(Path f) throws IOException {
      in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 1 << 16));
    }

    boolean next() throws IOException {
      try {
        t = in.readLong();
        p = in.readLong();
        return true;
      } catch (EOFException e) {
        return false;
      }
    }
  }

  private void merge(Output out) throws IOException {
    PriorityQueue<Run> heap = new PriorityQueue<>(
        Comparator.<Run>comparingLong(r -> r.t).thenComparingLong(r -> r.p));
    List<Run> open = new ArrayList<>();
    try {
      for (Path f : runs) {
        Run r = new Run(f);
        open.add(r);
        if (r.next()) {
          heap.add(r);
        }
      }
      long pt = -1;
      long pp = -1;
      while (!heap.isEmpty()) {
        Run r = heap.poll();
        if (r.t != pt || r.p != pp) {
          out.accept(r.t, r.p);
          pt = r.t;
          pp = r.p;
        }
        if (r.next()) {
          heap.add(r);
        }
      }
    } finally {
      for (Run r : open) {
        r.in.close();
      }
    }
  }

  /**
   * Sorts rows [0, n) by (t, pfn): a no-op for sorted input; for input sorted by time only (a recorder that
   * writes each epoch's pages in the order it met them), a sort of each time's pages; else a packed primitive
   * sort when keys fit.
   */
  static void sort(long[] t, long[] p, int n) {
    boolean sorted = true;
    boolean timeSorted = true;
    long minT = Long.MAX_VALUE;
    long maxT = Long.MIN_VALUE;
    long maxP = 0;
    for (int i = 0; i < n; i++) {
      if (i > 0 && (t[i] < t[i - 1] || (t[i] == t[i - 1] && p[i] < p[i - 1]))) {
        sorted = false;
        timeSorted &= t[i] >= t[i - 1];
      }
      minT = Math.min(minT, t[i]);
      maxT = Math.max(maxT, t[i]);
      maxP = Math.max(maxP, p[i]);
    }
    if (sorted) {
      return;
    }
    if (timeSorted) {
      for (int from = 0, to; from < n; from = to) {
        to = from + 1;
        while (to < n && t[to] == t[from]) {
          to++;
        }
        Arrays.sort(p, from, to);
      }
      return;
    }
    int pBits = 64 - Long.numberOfLeadingZeros(maxP);
    int tBits = 64 - Long.numberOfLeadingZeros(maxT - minT);
    if (pBits + tBits <= 63) {
      long[] keys = new long[n];
      for (int i = 0; i < n; i++) {
        keys[i] = ((t[i] - minT) << pBits) | p[i];
      }
      Arrays.sort(keys);
      long mask = pBits == 0 ? 0 : (1L << pBits) - 1;
      for (int i = 0; i < n; i++) {
        t[i] = (keys[i] >>> pBits) + minT;
        p[i] = keys[i] & mask;
      }
      return;
    }
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

  @Override
  public void close() throws IOException {
    for (Path f : runs) {
      Files.deleteIfExists(f);
    }
    runs.clear();
  }
}
