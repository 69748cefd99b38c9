package migreplay.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import migreplay.replay.Algorithm;
import migreplay.results.ResultsWriter;
import migreplay.results.RoundResult;
import migreplay.replay.engine.RunOptions;
import migreplay.results.RunResult;
import migreplay.replay.sweep.RunSpec;
import migreplay.replay.sweep.Sweep;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceWriter;

/** Small results directories for report and check tests. */
final class Fixtures {
  private Fixtures() {}

  /**
   * A 64-page guest over 50 ms: pages 0-7 rewritten every millisecond (hot), page 40 once at 5 ms.
   * Replayed with all three algorithms at two bandwidths.
   */
  static Path replayed(Path dir) throws IOException {
    Path trace = dir.resolve("tiny.trace.arrow");
    TraceMetadata m = TraceMetadata.builder().ramRanges(RamRanges.ofPages(64)).durationUs(50_000)
        .hypervisor("unknown").workload("hot set of 8 pages").recordedBy("test fixture").build();
    try (TraceWriter w = TraceWriter.create(trace, m)) {
      for (long t = 0; t < 50_000; t += 1000) {
        for (long p = 0; p < 8; p++) {
          w.write(t, p);
        }
        if (t == 5000) {
          w.write(t, 40);
        }
      }
    }
    List<RunSpec> specs = new java.util.ArrayList<>();
    // The algorithms the golden files were made with (qemu-precopy takes other parameters).
    for (Algorithm a : List.of(Algorithm.XEN_PRECOPY, Algorithm.IMPROVED_PRECOPY, Algorithm.STOP_AND_COPY)) {
      for (long bw : new long[] {10_000_000L, 100_000_000L}) {
        specs.add(new RunSpec(trace, a, Map.of("batch_pages", "4", "stop_pages", "2"), withBw(bw)));
      }
    }
    specs.replaceAll(s -> s.algorithm() == Algorithm.STOP_AND_COPY ? new RunSpec(s.trace(), s.algorithm(), Map.of(),
        s.options()) : s);
    Path results = dir.resolve("results");
    ResultsWriter.write(results, Sweep.run(specs, 2, true, r -> { }), Map.of("migreplay.version", "0.0-test",
        "migreplay.command", "migreplay replay tiny.trace.arrow -a xen-precopy,improved-precopy,stop-and-copy",
        "migreplay.options", "--bandwidth=10Mbit,100Mbit\n"));
    return results;
  }

  /** The tiny trace with xen-precopy and improved-precopy under two hot policies, at two bandwidths. */
  static Path sweep(Path dir) throws IOException {
    Path trace = replayed(dir).getParent().resolve("tiny.trace.arrow");
    List<RunSpec> specs = new java.util.ArrayList<>();
    for (long bw : new long[] {10_000_000L, 100_000_000L}) {
      specs.add(new RunSpec(trace, Algorithm.XEN_PRECOPY, Map.of("batch_pages", "4", "stop_pages", "2"), withBw(bw)));
      for (String policy : new String[] {"paper", "consecutive:2"}) {
        specs.add(new RunSpec(trace, Algorithm.IMPROVED_PRECOPY, Map.of("batch_pages", "4", "stop_pages", "2",
            "hot_policy", policy), withBw(bw)));
      }
    }
    Path results = dir.resolve("sweep");
    ResultsWriter.write(results, Sweep.run(specs, 2, true, r -> { }));
    return results;
  }

  /** QEMU on the tiny trace, its device memory left out: a 64-page guest. */
  private static Map<String, String> qemu(String... kv) {
    Map<String, String> p = new java.util.LinkedHashMap<>(Map.of("device_pages", "0", "device_nonzero_pages", "0"));
    for (int i = 0; i < kv.length; i += 2) {
      p.put(kv[i], kv[i + 1]);
    }
    return p;
  }

  /**
   * Xen's and QEMU's pre-copy on the tiny trace at 10 and 100 Mbit/s, QEMU cancelled after 200 ms: at 10 Mbit/s
   * its first pass alone (64 pages × 4,104 B) takes 210 ms, so it does not converge; at 100 Mbit/s it completes.
   */
  static Path mixed(Path dir) throws IOException {
    Path trace = replayed(dir).getParent().resolve("tiny.trace.arrow");
    List<RunSpec> specs = new java.util.ArrayList<>();
    for (long bw : new long[] {10_000_000L, 100_000_000L}) {
      specs.add(new RunSpec(trace, Algorithm.XEN_PRECOPY, Map.of("batch_pages", "4", "stop_pages", "2"), withBw(bw)));
      specs.add(new RunSpec(trace, Algorithm.QEMU_PRECOPY, qemu("timeout", "200ms"), withBw(bw)));
    }
    Path results = dir.resolve("mixed");
    ResultsWriter.write(results, Sweep.run(specs, 2, true, r -> { }));
    return results;
  }

  /**
   * qemu-precopy alone, swept over max_bandwidth=1MiB/s,64KiB/s,0 (in that order) with a 2 s timeout, at 10 and
   * 100 Mbit/s: at 64 KiB/s the 262 KB first pass takes 4 s, so it never converges; the others complete.
   */
  static Path qemuSweep(Path dir) throws IOException {
    Path trace = replayed(dir).getParent().resolve("tiny.trace.arrow");
    List<RunSpec> specs = new java.util.ArrayList<>();
    for (long bw : new long[] {10_000_000L, 100_000_000L}) {
      for (String cap : new String[] {"1MiB/s", "64KiB/s", "0"}) {
        specs.add(new RunSpec(trace, Algorithm.QEMU_PRECOPY, qemu("timeout", "2s", "max_bandwidth", cap), withBw(bw)));
      }
    }
    Path results = dir.resolve("qemu-sweep");
    ResultsWriter.write(results, Sweep.run(specs, 2, true, r -> { }));
    return results;
  }

  private static RunOptions withBw(long bw) {
    return RunOptions.defaults(bw);
  }

  /** A run with the given metrics, for check tests. */
  static RunResult run(long id, String trace, String algorithm, long bw, String status, long bytes, double time,
      double downtime) {
    return new RunResult(id, "traces/" + trace + ".trace.arrow", trace, algorithm, "", bw, 4096, 8, 0, "loop", "spread",
        0, 100, status, status.equals("ok") ? "" : "the trace ended", 1, bytes / 4104, bytes, time, downtime, 0, 0,
        true, 1, List.of(new RoundResult(1, 0, time, bytes / 4104, 0, 0, 0, true)));
  }

  static Path results(Path dir, String name, RunResult... runs) throws IOException {
    Path d = dir.resolve(name);
    ResultsWriter.write(d, List.of(runs));
    return d;
  }
}
