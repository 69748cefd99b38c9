package migreplay.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import migreplay.ingest.IngestOptions;
import migreplay.ingest.Ingester;
import migreplay.ingest.SourceFormat;

/**
 * CSV ingest throughput and heap: writes a CSV of ROWS rows ({@code t_us,pfn}; sorted by time, or shuffled in
 * blocks so the sorter must spill and merge) if absent, ingests it and reports rows/s and peak heap.
 *
 * <pre>
 * java -Xmx256m --add-opens=java.base/java.nio=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     migreplay.bench.IngestBench [ROWS] [sorted|shuffled] [DATA_DIR] [ZSTD_LEVEL]
 * </pre>
 */
public final class IngestBench {
  private IngestBench() {}

  public static void main(String[] args) throws IOException {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
    boolean shuffled = args.length > 1 && args[1].equals("shuffled");
    Path dir = Path.of(args.length > 2 ? args[2] : "bench/target/bench-data");
    int level = args.length > 3 ? Integer.parseInt(args[3]) : migreplay.trace.TraceWriter.Options.DEFAULT_ZSTD_LEVEL;
    Files.createDirectories(dir);
    Path csv = dir.resolve("ingest-" + rows + (shuffled ? "-shuffled" : "") + ".csv");
    if (!Files.isRegularFile(csv)) {
      write(csv, rows, shuffled);
    }
    System.out.println("machine: " + BenchSupport.machine());
    System.out.printf(Locale.US, "input: %s, %d rows, %.0f MiB, ZSTD level %d%n", csv, rows,
        Files.size(csv) / 1048576.0, level);
    for (int rep = 0; rep < 2; rep++) {
      BenchSupport.resetPeakHeap();
      Ingester.Summary s;
      double sec;
      double live;
      try (LiveHeap liveHeap = new LiveHeap()) {
        long t0 = System.nanoTime();
        s = Ingester.ingest(csv, dir.resolve("ingest.trace.arrow"), SourceFormat.CSV,
            new IngestOptions(0, null, IngestOptions.defaultMemoryRows(), level), Map.of("ram_ranges", "0-4194304"));
        sec = (System.nanoTime() - t0) / 1e9;
        live = liveHeap.maxMiB();
      }
      System.out.printf(Locale.US, "ingest (%s): %d rows in, %d written, %d sorted runs spilled, %.2f s = %.2f M rows/s,"
          + " peak heap %.0f MiB (pools' peak, garbage included), live heap after GC at most %.0f MiB%n", s.parser(),
          s.rowsIn(), s.rowsWritten(), s.spilledRuns(), sec, s.rowsIn() / sec / 1e6, BenchSupport.peakHeapMiB(), live);
    }
  }

  private static void write(Path csv, long rows, boolean shuffled) throws IOException {
    SplittableRandom rnd = new SplittableRandom(1);
    try (BufferedWriter w = Files.newBufferedWriter(csv)) {
      w.write("t_us,pfn\n");
      long block = 1_000_000;
      for (long i = 0; i < rows; i++) {
        long t = shuffled ? (i / block) * block + rnd.nextLong(block) : i / 8 * 10;
        w.write(Long.toString(shuffled ? (rows / block - i / block) * block * 10 + t % block : t));
        w.write(',');
        w.write(Long.toString(rnd.nextLong(4L << 20)));
        w.write('\n');
      }
    }
  }
}
