package migreplay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import migreplay.ingest.synth.SyntheticTrace;
import migreplay.ingest.synth.WriterSpec;
import migreplay.replay.Algorithm;
import migreplay.replay.engine.Replayer;
import migreplay.replay.engine.RunOptions;
import migreplay.replay.sweep.RunSpec;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceBatch;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceReader;

/**
 * End-to-end replay throughput: a synthetic 16 GiB guest (4 M pages) with over 100 million events, read once
 * (columns only) and replayed with xen-precopy, reporting events per second and peak heap.
 *
 * <pre>
 * mvn -B -DskipTests package
 * java -Xmx512m --add-opens=java.base/java.nio=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     migreplay.bench.ReplayBench [DATA_DIR] [BANDWIDTH_BPS]
 * </pre>
 */
public final class ReplayBench {
  private ReplayBench() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "bench/target/bench-data");
    long bw = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000_000L;
    Path trace = trace(dir);
    System.out.println("machine: " + BenchSupport.machine());
    for (int rep = 0; rep < 3; rep++) {
      BenchSupport.resetPeakHeap();
      long t0 = System.nanoTime();
      long rows = 0;
      long sum = 0;
      try (TraceReader r = TraceReader.open(trace)) {
        TraceBatch b = new TraceBatch();
        while (r.next(b)) {
          rows += b.size();
          sum += b.pfn()[b.size() - 1];
        }
      }
      double readS = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.US, "read   : %d rows in %.2f s = %.1f M rows/s, peak heap %.0f MiB (checksum %d)%n",
          rows, readS, rows / readS / 1e6, BenchSupport.peakHeapMiB(), sum);
      BenchSupport.resetPeakHeap();
      t0 = System.nanoTime();
      Replayer.Measured m = new RunSpec(trace, Algorithm.XEN_PRECOPY, Map.of(), RunOptions.defaults(bw)).measure();
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.US, "replay : xen-precopy at %d bit/s, %d rounds, %.1f s migrated: %d events in %.2f s"
          + " = %.1f M events/s (%.2fx the read time per event), peak heap %.0f MiB%n", bw, m.result().rounds(),
          m.result().totalTimeS(), m.writesApplied(), s, m.writesApplied() / s / 1e6,
          (s / m.writesApplied()) / (readS / rows), BenchSupport.peakHeapMiB());
    }
  }

  /** The benchmark's trace in {@code dir}, generated the first time (deterministic: the same file every time). */
  static Path trace(Path dir) throws IOException {
    Path trace = dir.resolve("guest16g.trace.arrow");
    if (!Files.isRegularFile(trace)) {
      Files.createDirectories(dir);
      long t0 = System.nanoTime();
      SyntheticTrace s = new SyntheticTrace(RamRanges.ofPages(4L << 20), 120_000_000, 10_000, 1, List.of(
          WriterSpec.parse("hot:pages=6000,p=0.9"), WriterSpec.parse("zipf:pages=1000000,s=1.0,rate=300000"),
          WriterSpec.parse("cold:rate=300000")));
      long rows = s.write(trace, TraceMetadata.builder().workload("ReplayBench 16 GiB"), e -> { });
      System.out.printf(Locale.US, "generated %s: %d rows in %.1f s%n", trace, rows, (System.nanoTime() - t0) / 1e9);
    }
    return trace;
  }
}
