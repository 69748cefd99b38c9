package migreplay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replaying a trace with each algorithm against merely reading its columns once, on a synthetic 1 GiB guest
 * (about 10 M events). Run: {@code java -jar bench/target/benchmarks.jar ReplayJmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx1g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class ReplayJmh {
  @Param({"xen-precopy", "improved-precopy"})
  public String algorithm;

  private Path dir;
  private Path trace;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("migreplay-jmh");
    trace = dir.resolve("jmh.trace.arrow");
    new SyntheticTrace(RamRanges.ofPages(1L << 18), 30_000_000, 10_000, 7, List.of(
        WriterSpec.parse("hot:pages=3000,p=0.9"), WriterSpec.parse("zipf:pages=100000,s=1.0,rate=60000"),
        WriterSpec.parse("cold:rate=20000"))).write(trace, TraceMetadata.builder(), e -> { });
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(trace);
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public long readColumnsOnce() throws IOException {
    long sum = 0;
    try (TraceReader r = TraceReader.open(trace)) {
      TraceBatch b = new TraceBatch();
      while (r.next(b)) {
        sum += b.tUs()[0] + b.pfn()[b.size() - 1];
      }
    }
    return sum;
  }

  @Benchmark
  public long replay() throws IOException {
    return new RunSpec(trace, Algorithm.named(algorithm), Map.of(), RunOptions.defaults(1_000_000_000L)).measure()
        .writesApplied();
  }
}
