package migreplay.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import migreplay.replay.Algorithm;
import migreplay.replay.ResultsWriter;
import migreplay.replay.RunOptions;
import migreplay.replay.RunResult;
import migreplay.replay.RunTable;
import migreplay.replay.Sweep;
import migreplay.replay.SweepPlan;
import migreplay.replay.TraceEnd;
import migreplay.replay.Units;
import migreplay.replay.WithinEpoch;
import migreplay.trace.TraceFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code migreplay replay}: traces × algorithms × bandwidths × parameters → runs and rounds files. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replays traces through migration algorithms and writes runs.arrow, runs.csv, rounds.arrow "
        + "and rounds.csv to the output directory.")
public final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "TRACE_OR_DIR", description = "Trace files, or directories of *.trace.arrow.")
  List<Path> traces;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "RESULTS_DIR", description = "Where to write the results.")
  Path output;

  @Option(names = {"-a", "--algorithms"}, split = ",", paramLabel = "ALGO",
      description = "Algorithms (default: ${DEFAULT-VALUE}): xen-precopy, improved-precopy, stop-and-copy, qemu-precopy.")
  List<String> algorithms = List.of("xen-precopy", "improved-precopy");

  @Option(names = {"-b", "--bandwidth"}, split = ",", paramLabel = "BW",
      description = "Link bandwidths, e.g. 100Mbit,1Gbit,10Gbit or 125MB/s (default: ${DEFAULT-VALUE}).")
  List<String> bandwidths = List.of("1Gbit");

  @Option(names = "--page-header", paramLabel = "BYTES", description = "Wire bytes per page besides the page (default: ${DEFAULT-VALUE}).")
  long pageHeader = RunOptions.DEFAULT_PAGE_HEADER_BYTES;

  @Option(names = "--start", paramLabel = "TIME", description = "Migration start within the trace, e.g. 12.5s (default: ${DEFAULT-VALUE}).")
  String start = "0s";

  @Option(names = "--trace-end", paramLabel = "POLICY", description = "When the trace ends: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  TraceEnd traceEnd = TraceEnd.LOOP;

  @Option(names = "--within-epoch", paramLabel = "POLICY", description = "Where an epoch's writes fall: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  WithinEpoch withinEpoch = WithinEpoch.SPREAD;

  @Option(names = "--resume-overhead", paramLabel = "TIME", description = "Added to the downtime, e.g. 50ms (default: ${DEFAULT-VALUE}).")
  String resumeOverhead = "0ms";

  @Option(names = "--max-rounds", split = ",", paramLabel = "N", description = "Live rounds at most (Xen max_iters, default 29).")
  List<String> maxRounds;

  @Option(names = "--max-factor", split = ",", paramLabel = "N", description = "Stop after sending more than N x the pfn space (default 3).")
  List<String> maxFactor;

  @Option(names = "--stop-pages", split = ",", paramLabel = "N", description = "Stop when a round's sent+skipped pages are fewer (default 50).")
  List<String> stopPages;

  @Option(names = "--batch-pages", split = ",", paramLabel = "N", description = "Selected pages per batch (default 1024).")
  List<String> batchPages;

  @Option(names = "--scan-order", split = ",", paramLabel = "ORDER", description = "linear (Xen 3.3.0, default) or permute (Xen 3.2).")
  List<String> scanOrder;

  @Option(names = "--hot-policy", split = ",", paramLabel = "RULE", description = "improved-precopy: paper (default) or consecutive:K.")
  List<String> hotPolicy;

  @Option(names = "--hot-from-round", split = ",", paramLabel = "N", description = "improved-precopy: first round that may judge pages hot (default 2).")
  List<String> hotFromRound;

  @Option(names = {"-j", "--threads"}, paramLabel = "N", description = "Runs in parallel (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--verify", description = "Check every run's invariant (every page sent, none written after its last send).")
  boolean verify;

  @Override
  public Integer call() throws Exception {
    SweepPlan plan = plan();
    List<RunResult> results = RunSweep.execute(plan, threads, verify);
    ResultsWriter.write(output, results);
    spec.commandLine().getOut().print(RunTable.format(results));
    spec.commandLine().getOut().printf("wrote %d runs to %s%n", results.size(), output);
    return 0;
  }

  SweepPlan plan() throws java.io.IOException {
    List<Algorithm> algos = new ArrayList<>();
    for (String a : algorithms) {
      algos.add(RunSweep.usage(spec, "--algorithms", () -> Algorithm.named(a)));
    }
    long startUs = RunSweep.usage(spec, "--start", () -> Units.micros(start));
    long overheadUs = RunSweep.usage(spec, "--resume-overhead", () -> Units.micros(resumeOverhead));
    List<RunOptions> options = new ArrayList<>();
    for (String b : bandwidths) {
      long bps = RunSweep.usage(spec, "--bandwidth", () -> Units.bandwidthBps(b));
      options.add(RunSweep.usage(spec, "--page-header",
          () -> new RunOptions(bps, pageHeader, startUs, traceEnd, withinEpoch, overheadUs)));
    }
    Map<String, List<String>> params = new LinkedHashMap<>();
    put(params, "max_rounds", maxRounds);
    put(params, "max_factor", maxFactor);
    put(params, "stop_pages", stopPages);
    put(params, "batch_pages", batchPages);
    put(params, "scan_order", scanOrder);
    put(params, "hot_policy", hotPolicy);
    put(params, "hot_from_round", hotFromRound);
    List<Path> files = TraceFiles.expand(traces);
    return RunSweep.usage(spec, "parameters", () -> new SweepPlan(files, algos, options, params));
  }

  private static void put(Map<String, List<String>> params, String key, List<String> values) {
    if (values != null) {
      params.put(key, values);
    }
  }
}
