package migreplay.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import migreplay.ingest.synth.SyntheticTrace;
import migreplay.ingest.synth.WriterSpec;
import migreplay.replay.Algorithm;
import migreplay.replay.engine.Replayer;
import migreplay.replay.engine.RunOptions;
import migreplay.results.RunResult;
import migreplay.replay.sweep.RunSpec;
import migreplay.replay.sweep.Sweep;
import migreplay.trace.DecodeBudget;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceMetadata;

/**
 * One decode per trace per sweep: a sweep of 9 configurations over one large synthetic trace (a 4 GiB guest,
 * 64 M rows over 30 s: xen-precopy, improved-precopy with the paper's and the consecutive:2 hot rule,
 * at 1, 2 and 4 Gbit/s) against the same 9 runs one by one on one thread, each streaming its trace as
 * before; and a single run through the sweep against a single run as before. Prints the ratios and checks
 * that both ways give the same results.
 *
 * <pre>
 * mvn -B -DskipTests package
 * java -Xmx2g --add-opens=java.base/java.nio=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     migreplay.bench.SweepBench [DATA_DIR] [REPEATS]
 * </pre>
 */
public final class SweepBench {
  private SweepBench() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "bench/target/bench-data");
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Path trace = dir.resolve("sweep4g.trace.arrow");
    if (!Files.isRegularFile(trace)) {
      Files.createDirectories(dir);
      long t0 = System.nanoTime();
      SyntheticTrace s = new SyntheticTrace(RamRanges.ofPages(1L << 20), 30_000_000, 10_000, 1, List.of(
          WriterSpec.parse("hot:pages=20000,p=0.9"), WriterSpec.parse("cold:rate=300000"),
          WriterSpec.parse("zipf:pages=200000,s=1.1,rate=400000")));
      long rows = s.write(trace, TraceMetadata.builder().workload("SweepBench 4 GiB"), e -> { });
      System.out.printf(Locale.US, "generated %s: %d rows in %.1f s%n", trace, rows, (System.nanoTime() - t0) / 1e9);
    }
    List<RunSpec> specs = new ArrayList<>();
    for (long bw : new long[] {1_000_000_000L, 2_000_000_000L, 4_000_000_000L}) {
      RunOptions o = RunOptions.defaults(bw);
      specs.add(new RunSpec(trace, Algorithm.XEN_PRECOPY, Map.of(), o));
      specs.add(new RunSpec(trace, Algorithm.IMPROVED_PRECOPY, Map.of("hot_policy", "paper"), o));
      specs.add(new RunSpec(trace, Algorithm.IMPROVED_PRECOPY, Map.of("hot_policy", "consecutive:2"), o));
    }
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.println("machine: " + BenchSupport.machine());
    for (int rep = 0; rep < repeats; rep++) {
      double c0 = cpu();
      long t0 = System.nanoTime();
      RunResult single = specs.get(0).run(false);
      double singleToday = seconds(t0);
      double singleTodayCpu = cpu() - c0;
      c0 = cpu();
      t0 = System.nanoTime();
      RunResult singleSweep = Sweep.run(specs.subList(0, 1), 1, false, r -> { }).get(0);
      double singleNow = seconds(t0);
      double singleNowCpu = cpu() - c0;
      same(List.of(single.withRunId(0)), List.of(singleSweep));

      c0 = cpu();
      t0 = System.nanoTime();
      List<RunResult> oneByOne = new ArrayList<>();
      for (int i = 0; i < specs.size(); i++) {
        RunResult r = specs.get(i).run(false).withRunId(i);
        oneByOne.add(r);
      }
      double oneByOneS = seconds(t0);
      double oneByOneCpu = cpu() - c0;
      c0 = cpu();
      t0 = System.nanoTime();
      List<RunResult> shared1 = Sweep.run(specs, 1, false, r -> { }, DecodeBudget.halfOfHeap());
      double shared1S = seconds(t0);
      double shared1Cpu = cpu() - c0;
      c0 = cpu();
      t0 = System.nanoTime();
      List<RunResult> sharedN = Sweep.run(specs, cores, false, r -> { }, DecodeBudget.halfOfHeap());
      double sharedNS = seconds(t0);
      double sharedNCpu = cpu() - c0;
      same(oneByOne, shared1);
      same(oneByOne, sharedN);

      System.out.printf(Locale.US, "repeat %d:%n", rep + 1);
      for (RunResult r : oneByOne) {
        System.out.printf(Locale.US, "  %-17s %-26s %5.0f Mbit/s: %2d rounds, %6.1f s migrated%n", r.algorithm(),
            r.params(), r.bandwidthBps() / 1e6, r.rounds(), r.totalTimeS());
      }
      System.out.printf(Locale.US, "  (wall s, cpu s)                             : wall          cpu%n");
      System.out.printf(Locale.US, "  9 runs one by one, 1 thread, each decoding : %7.2f s     %7.2f s%n",
          oneByOneS, oneByOneCpu);
      System.out.printf(Locale.US, "  sweep, 1 thread, one shared decode          : %7.2f s     %7.2f s"
          + "   = %.2f / %.2f of one by one%n", shared1S, shared1Cpu, shared1S / oneByOneS, shared1Cpu / oneByOneCpu);
      System.out.printf(Locale.US, "  sweep, %d threads, one shared decode         : %7.2f s     %7.2f s"
          + "   = %.2f / %.2f of one by one (target: wall <= 0.33)%n", cores, sharedNS, sharedNCpu,
          sharedNS / oneByOneS, sharedNCpu / oneByOneCpu);
      System.out.printf(Locale.US, "  single run, Replayer / through the sweep    : %7.2f / %.2f s wall, "
          + "%.2f / %.2f s cpu"
          + " = %.2f / %.2f (target <= 1)%n", singleToday, singleNow, singleTodayCpu, singleNowCpu,
          singleNow / singleToday, singleNowCpu / singleTodayCpu);
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /** CPU seconds this process has used: the work done, whatever else the machine runs meanwhile. */
  private static double cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  private static void same(List<RunResult> expected, List<RunResult> actual) {
    if (!expected.equals(actual)) {
      throw new IllegalStateException("shared decoding changed the results");
    }
  }
}
