package migreplay.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;

/**
 * The CSV inputs of bench/ingest-vs-pyarrow.sh, deterministic (the same bytes on every machine), written only
 * when absent:
 *
 * <ul>
 *   <li>{@code recorder.csv}: {@code epoch,pfn} as recorder/record.sh writes it, 2,048 epochs of 8,192 pages of
 *       a 512 MiB guest (131,072 pages), each epoch's pages ascending (16.8 M rows, sorted);
 *   <li>{@code tus.csv}: {@code t_us,pfn}, 10 M rows, 64 writes every 100 µs to random pages of a 16 GiB guest
 *       (4,194,304 pages): time-ordered, pages in random order within each time;
 *   <li>{@code tus-shuffled.csv}: the same rows, shuffled.
 * </ul>
 *
 * <pre>java -cp bench/target/benchmarks.jar migreplay.bench.IngestCsvFiles DIR</pre>
 */
public final class IngestCsvFiles {
  static final int EPOCHS = 2048;
  static final int PAGES_PER_EPOCH = 8192;
  static final int TUS_ROWS = 10_000_000;
  static final long TUS_RAM_PAGES = 4L << 20;

  private IngestCsvFiles() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "bench/target/bench-data");
    Files.createDirectories(dir);
    if (!Files.exists(dir.resolve("recorder.csv"))) {
      writeRecorder(dir.resolve("recorder.csv"));
    }
    if (!Files.exists(dir.resolve("tus.csv")) || !Files.exists(dir.resolve("tus-shuffled.csv"))) {
      writeTus(dir.resolve("tus.csv"), dir.resolve("tus-shuffled.csv"));
    }
  }

  private static void writeRecorder(Path out) throws IOException {
    SplittableRandom rnd = new SplittableRandom(11);
    int stride = 131072 / PAGES_PER_EPOCH;
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    try (Lines w = new Lines(tmp)) {
      w.text("epoch,pfn\n");
      for (int e = 0; e < EPOCHS; e++) {
        for (int i = 0; i < PAGES_PER_EPOCH; i++) {
          w.row(e, (long) i * stride + rnd.nextInt(stride));
        }
      }
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void writeTus(Path ordered, Path shuffled) throws IOException {
    SplittableRandom rnd = new SplittableRandom(12);
    long[] t = new long[TUS_ROWS];
    long[] p = new long[TUS_ROWS];
    for (int i = 0; i < TUS_ROWS; i++) {
      t[i] = (i / 64) * 100L;
      p[i] = rnd.nextLong(TUS_RAM_PAGES);
    }
    write(ordered, t, p);
    for (int i = TUS_ROWS - 1; i > 0; i--) { // Fisher-Yates
      int j = rnd.nextInt(i + 1);
      long x = t[i];
      t[i] = t[j];
      t[j] = x;
      x = p[i];
      p[i] = p[j];
      p[j] = x;
    }
    write(shuffled, t, p);
  }

  private static void write(Path out, long[] t, long[] p) throws IOException {
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    try (Lines w = new Lines(tmp)) {
      w.text("t_us,pfn\n");
      for (int i = 0; i < t.length; i++) {
        w.row(t[i], p[i]);
      }
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
  }

  /** ASCII lines through a large buffer. */
  private static final class Lines implements AutoCloseable {
    private final OutputStream out;
    private final byte[] digits = new byte[20];

    Lines(Path f) throws IOException {
      out = new BufferedOutputStream(Files.newOutputStream(f), 1 << 20);
    }

    void text(String s) throws IOException {
      out.write(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    void row(long a, long b) throws IOException {
      number(a);
      out.write(',');
      number(b);
      out.write('\n');
    }

    private void number(long v) throws IOException {
      int i = digits.length;
      do {
        digits[--i] = (byte) ('0' + v % 10);
        v /= 10;
      } while (v != 0);
      out.write(digits, i, digits.length - i);
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
