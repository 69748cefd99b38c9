package migreplay.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.roaringbitmap.RoaringBitmap;

/**
 * Why the replay's bitmaps are a plain {@code long[]} and not RoaringBitmap: the two operations a pre-copy
 * round does on a 16 GiB guest (4 M pages) — marking written pages in the log, and scanning {@code to_send}
 * for pages not in the log — with {@code to_send} full (round 1) or 2% full (a later round).
 * Run: {@code java -jar bench/target/benchmarks.jar BitmapJmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class BitmapJmh {
  static final int PAGES = 4 << 20;

  @Param({"100", "2"})
  public int toSendPercent;

  private long[] toSendWords;
  private long[] logWords;
  private RoaringBitmap toSendRoaring;
  private RoaringBitmap logRoaring;
  private int[] writes;

  @Setup
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(1);
    toSendWords = new long[PAGES / 64];
    logWords = new long[PAGES / 64];
    toSendRoaring = new RoaringBitmap();
    logRoaring = new RoaringBitmap();
    for (int p = 0; p < PAGES; p++) {
      if (rnd.nextInt(100) < toSendPercent) {
        toSendWords[p >>> 6] |= 1L << p;
        toSendRoaring.add(p);
      }
    }
    writes = new int[1_000_000];
    for (int i = 0; i < writes.length; i++) {
      writes[i] = rnd.nextInt(PAGES);
      logWords[writes[i] >>> 6] |= 1L << writes[i];
      logRoaring.add(writes[i]);
    }
    toSendRoaring.runOptimize();
  }

  @Benchmark
  public long markWritesLongArray() {
    long[] log = new long[PAGES / 64];
    for (int p : writes) {
      log[p >>> 6] |= 1L << p;
    }
    return log[7];
  }

  @Benchmark
  public long markWritesRoaring() {
    RoaringBitmap log = new RoaringBitmap();
    for (int p : writes) {
      log.add(p);
    }
    return log.getCardinality();
  }

  @Benchmark
  public long scanLongArray() {
    long selected = 0;
    for (int w = 0; w < toSendWords.length; w++) {
      selected += Long.bitCount(toSendWords[w] & ~logWords[w]);
    }
    return selected;
  }

  @Benchmark
  public long scanRoaring() {
    return RoaringBitmap.andNotCardinality(toSendRoaring, logRoaring);
  }

  @Benchmark
  public long scanRoaringPageByPage() {
    long selected = 0;
    var it = toSendRoaring.getIntIterator();
    while (it.hasNext()) {
      if (!logRoaring.contains(it.next())) {
        selected++;
      }
    }
    return selected;
  }
}
