package migreplay.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import migreplay.replay.Algorithm;
import migreplay.replay.engine.Replayer;
import migreplay.replay.engine.RunOptions;
import migreplay.replay.sweep.RunSpec;
import migreplay.trace.TraceReader;

/**
 * The Java side of bench/replay-vs-pyarrow.sh: one xen-precopy run (one thread, reading the ZSTD trace file
 * itself, from opening it to the result) on {@link ReplayBench}'s trace, generated the first time, {@code RUNS}
 * times in this JVM; Arrow's classes are loaded before the first, as the python side imports pyarrow first.
 * Prints one line per run with the writes it applied (the trace rows it read and replayed, counting a row again
 * in each lap; rows read but not yet visible when the guest paused are not counted), wall seconds and CPU
 * seconds of this thread and of the whole process (JIT compiler and GC threads included).
 *
 * <pre>
 * java -Xmx512m --add-opens=java.base/java.nio=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     migreplay.bench.ReplayRun [DATA_DIR] [BANDWIDTH_BPS] [RUNS]
 * </pre>
 */
public final class ReplayRun {
  private ReplayRun() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "bench/target/bench-data");
    long bw = args.length > 1 ? Long.parseLong(args[1]) : 2_000_000_000L;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Path trace = ReplayBench.trace(dir);
    // Loads Arrow's classes (and reads the footer once) before the clock starts, as python's "import pyarrow"
    // happens before bench/replay-vs-pyarrow.py's.
    TraceReader.readMetadata(trace);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int run = 0; run < runs; run++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long p0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      Replayer.Measured m = new RunSpec(trace, Algorithm.XEN_PRECOPY, Map.of(), RunOptions.defaults(bw)).measure();
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
      double processCpu = (os.getProcessCpuTime() - p0) / 1e9;
      System.out.printf(Locale.US, "replay rows=%d wall_s=%.4f thread_cpu_s=%.4f process_cpu_s=%.4f"
          + " bandwidth_bps=%d rounds=%d migrated_s=%.1f laps=%d%n", m.writesApplied(), wall, cpu, processCpu, bw,
          m.result().rounds(), m.result().totalTimeS(), m.result().traceLaps());
    }
  }
}
