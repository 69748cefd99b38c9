package migreplay.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import migreplay.io.AtomicOutput;
import migreplay.replay.Algorithm;
import migreplay.replay.sweep.DistributedEngine;
import migreplay.replay.engine.RunOptions;
import migreplay.results.RunResult;
import migreplay.replay.sweep.SweepPlan;
import migreplay.trace.TraceFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Parameters(arity = "1..*", paramLabel = "TRACE_OR_DIR", description = "Trace files, or directories of *.trace.arrow "
      + "(with --engine spark also URIs such as hdfs://nn/traces/ or s3a://bucket/traces/).")
  List<String> traces;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "RESULTS_DIR", description = "Where to write the results.")
  Path output;

  @Option(names = {"-a", "--algorithms"}, split = ",", paramLabel = "ALGO", converter = Converters.Algo.class,
      completionCandidates = Converters.AlgorithmNames.class, defaultValue = "xen-precopy,improved-precopy",
      description = "Algorithms (default: ${DEFAULT-VALUE}): ${COMPLETION-CANDIDATES}; "
          + "`migreplay algorithms` lists them and their parameters.")
  List<Algorithm> algorithms;

  @Option(names = {"-b", "--bandwidth"}, split = ",", paramLabel = "BW", converter = Converters.Bandwidth.class,
      defaultValue = "1Gbit",
      description = "Link bandwidths, e.g. 100Mbit,1Gbit,10Gbit or 125MB/s (default: ${DEFAULT-VALUE}).")
  List<Long> bandwidths;

  @Option(names = {"-p", "--param"}, paramLabel = "NAME=V1[,V2...]",
      description = "Sweep any algorithm parameter over the values, e.g. -p max_rounds=29,5 (repeatable; each "
          + "algorithm only over the parameters it takes; `migreplay algorithms` lists them).")
  List<String> param = new ArrayList<>();

  @Mixin TraceReplayOptions replaying;

  // The named forms of the Xen and improved-precopy parameters, kept for the command lines that use them.
  @Option(names = "--max-rounds", split = ",", paramLabel = "N", description = "= -p max_rounds: live rounds at most (Xen max_iters, default 29).")
  List<String> maxRounds;

  @Option(names = "--max-factor", split = ",", paramLabel = "N", description = "= -p max_factor: stop after sending more than N x the pfn space (default 3).")
  List<String> maxFactor;

  @Option(names = "--stop-pages", split = ",", paramLabel = "N", description = "= -p stop_pages: stop when a round's sent+skipped pages are fewer (default 50).")
  List<String> stopPages;

  @Option(names = "--batch-pages", split = ",", paramLabel = "N", description = "= -p batch_pages: selected pages per batch (default 1024).")
  List<String> batchPages;

  @Option(names = "--scan-order", split = ",", paramLabel = "ORDER", description = "= -p scan_order: linear (Xen 3.3.0, default) or permute (Xen 3.2).")
  List<String> scanOrder;

  @Option(names = "--hot-policy", split = ",", paramLabel = "RULE", description = "= -p hot_policy: improved-precopy's rule, paper (default) or consecutive:K.")
  List<String> hotPolicy;

  @Option(names = "--hot-from-round", split = ",", paramLabel = "N", description = "= -p hot_from_round: first round that may judge pages hot (default 2).")
  List<String> hotFromRound;

  @Option(names = {"-j", "--threads"}, paramLabel = "N", converter = Converters.Threads.class,
      description = "Runs in parallel (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--verify", description = "Check every run's invariant (every page sent, none written after its last send).")
  boolean verify;

  @Mixin EngineOptions running;

  @Override
  public Integer call() throws Exception {
    OptionalLong decodeBytes = running.decodeBytes(spec);
    List<RunResult> results;
    Optional<DistributedEngine> remote = running.remote(spec);
    if (remote.isEmpty()) {
      List<Path> files = TraceFiles.expand(traces.stream().map(Path::of).toList());
      results = RunSweep.execute(plan(files), threads, verify, EngineOptions.localBudget(decodeBytes));
    } else {
      results = remote.get().run(traces, plan(List.of()), running.options(verify, decodeBytes));
    }
    int code = RunSweep.write(spec, output, results);
    spec.commandLine().getOut().printf("wrote %s to %s%n", migreplay.report.Words.count(results.size(), "run"), output);
    return code;
  }

  /** The plan, every option and parameter value checked (and the output path) before any run starts. */
  SweepPlan plan(List<Path> files) throws java.io.IOException {
    List<RunOptions> options = new ArrayList<>();
    for (long bps : bandwidths) {
      options.add(replaying.at(bps));
    }
    SweepParams params = new SweepParams(spec, algorithms);
    params.put("--max-rounds", "max_rounds", maxRounds);
    params.put("--max-factor", "max_factor", maxFactor);
    params.put("--stop-pages", "stop_pages", stopPages);
    params.put("--batch-pages", "batch_pages", batchPages);
    params.put("--scan-order", "scan_order", scanOrder);
    params.put("--hot-policy", "hot_policy", hotPolicy);
    params.put("--hot-from-round", "hot_from_round", hotFromRound);
    for (String p : param) {
      params.putParam(p);
    }
    RunSweep.checkStart(spec, files, replaying.startUs);
    if (params.values().getOrDefault("initial_nonzero", List.of()).contains("trace")) {
      for (Path f : files) {
        if (migreplay.trace.TraceReader.readMetadata(f).initialNonzeroPages().isEmpty()) {
          throw Converters.invalid(spec, "--param", "initial_nonzero=trace", f + " has no initial_nonzero set; ingest "
              + "it with --initial-nonzero, or give initial_nonzero=auto (the set when there is one), all or written");
        }
      }
    }
    AtomicOutput.checkWritable(output.resolve("runs.arrow"));
    return Converters.check(spec, "--param", null, () -> new SweepPlan(files, algorithms, options, params.values()));
  }
}
