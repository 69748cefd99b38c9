package migreplay.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Sorted runs on disk, for {@link RowSorter}: each run a temporary file of (t, pfn) pairs of 64-bit words,
 * written and read through 64 KiB buffers, merged with a binary heap of run indices on primitive keys.
 * Duplicates across runs are dropped by the merge. {@link #close()} deletes the files.
 */
final class SortedRuns implements AutoCloseable {
  private static final int BUFFER = 1 << 16;

  private final List<Path> files = new ArrayList<>();

  int size() {
    return files.size();
  }

  /** Writes rows {@code [0, n)}, already sorted, as a new run. */
  void add(long[] t, long[] p, int n) throws IOException {
    Path f = Files.createTempFile("migreplay-sort-", ".run");
    files.add(f); // before writing: a failed write still leaves the file to close() to delete
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.allocate(BUFFER);
      for (int i = 0; i < n; i++) {
        if (buf.remaining() < 16) {
          drainTo(ch, buf);
        }
        buf.putLong(t[i]).putLong(p[i]);
      }
      drainTo(ch, buf);
    }
  }

  private static void drainTo(FileChannel ch, ByteBuffer buf) throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    buf.clear();
  }

  /** Emits every distinct row of all runs in (t, pfn) order. */
  void merge(RowSorter.Output out) throws IOException {
    int k = files.size();
    Reader[] readers = new Reader[k];
    long[] ts = new long[k];
    long[] ps = new long[k];
    int[] heap = new int[k];
    int size = 0;
    try {
      for (int r = 0; r < k; r++) {
        readers[r] = new Reader(files.get(r));
        if (readers[r].next()) {
          ts[r] = readers[r].t;
          ps[r] = readers[r].p;
          heap[size] = r;
          siftUp(heap, size++, ts, ps);
        }
      }
      long lastT = -1;
      long lastP = -1;
      while (size > 0) {
        int r = heap[0];
        if (ts[r] != lastT || ps[r] != lastP) {
          out.accept(ts[r], ps[r]);
          lastT = ts[r];
          lastP = ps[r];
        }
        if (readers[r].next()) {
          ts[r] = readers[r].t;
          ps[r] = readers[r].p;
        } else {
          heap[0] = heap[--size];
        }
        siftDown(heap, size, ts, ps);
      }
    } finally {
      for (Reader r : readers) {
        if (r != null) {
          r.ch.close();
        }
      }
    }
  }

  private static boolean less(int a, int b, long[] ts, long[] ps) {
    return ts[a] < ts[b] || (ts[a] == ts[b] && ps[a] < ps[b]);
  }

  private static void siftUp(int[] heap, int i, long[] ts, long[] ps) {
    while (i > 0 && less(heap[i], heap[(i - 1) / 2], ts, ps)) {
      int parent = (i - 1) / 2;
      int x = heap[i];
      heap[i] = heap[parent];
      heap[parent] = x;
      i = parent;
    }
  }

  private static void siftDown(int[] heap, int size, long[] ts, long[] ps) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int c = l + 1 < size && less(heap[l + 1], heap[l], ts, ps) ? l + 1 : l;
      if (!less(heap[c], heap[i], ts, ps)) {
        return;
      }
      int x = heap[i];
      heap[i] = heap[c];
      heap[c] = x;
      i = c;
    }
  }

  /** One run, read forward. */
  private static final class Reader {
    final Path file;
    final FileChannel ch;
    final ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    long t;
    long p;

    Reader(Path f) throws IOException {
      file = f;
      ch = FileChannel.open(f, StandardOpenOption.READ);
      buf.limit(0);
    }

    boolean next() throws IOException {
      if (buf.remaining() < 16) {
        buf.compact();
        while (buf.position() < 16) {
          if (ch.read(buf) < 0) {
            if (buf.position() != 0) {
              throw new IOException("sorted run " + file + " ends inside a row");
            }
            buf.flip();
            return false;
          }
        }
        buf.flip();
      }
      t = buf.getLong();
      p = buf.getLong();
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    for (Path f : files) {
      Files.deleteIfExists(f);
    }
    files.clear();
  }
}
