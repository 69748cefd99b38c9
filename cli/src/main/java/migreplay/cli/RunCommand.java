package migreplay.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import migreplay.io.AtomicOutput;
import migreplay.replay.Algorithm;
import migreplay.replay.engine.RunOptions;
import migreplay.results.RunResult;
import migreplay.replay.sweep.SweepPlan;
import migreplay.replay.params.Units;
import migreplay.report.Report;
import migreplay.trace.TraceFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code migreplay run}: the main job — replay every trace on the defaults, then the report. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "The main job: replays every trace of TRACE_DIR with xen-precopy, improved-precopy and "
        + "stop-and-copy at 100 Mbit, 1 Gbit and 10 Gbit (Xen's defaults otherwise), writes the results to "
        + "OUT_DIR/results and the report to OUT_DIR/report.")
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "TRACE_DIR", description = "Traces (default: ${DEFAULT-VALUE}).")
  Path traces = Path.of("traces");

  @Option(names = {"-o", "--output"}, paramLabel = "OUT_DIR", description = "Default: ${DEFAULT-VALUE}.")
  Path output = Path.of("out");

  @Option(names = {"-j", "--threads"}, converter = Converters.Threads.class,
      description = "Runs in parallel (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() throws Exception {
    List<RunOptions> options = new ArrayList<>();
    for (String bw : new String[] {"100Mbit", "1Gbit", "10Gbit"}) {
      options.add(RunOptions.defaults(Units.bandwidthBps(bw)));
    }
    RunSweep.checkStart(spec, TraceFiles.expand(List.of(traces)), 0);
    SweepPlan plan = new SweepPlan(TraceFiles.expand(List.of(traces)),
        List.of(Algorithm.XEN_PRECOPY, Algorithm.IMPROVED_PRECOPY, Algorithm.STOP_AND_COPY), options, Map.of());
    Path resultsDir = output.resolve("results");
    AtomicOutput.checkWritable(resultsDir.resolve("runs.arrow"));
    AtomicOutput.checkWritable(output.resolve("report").resolve("index.html"));
    List<RunResult> results = RunSweep.execute(plan, threads, false);
    int code = RunSweep.write(spec, resultsDir, results);
    Path index = Report.write(resultsDir, output.resolve("report"), Report.Options.DEFAULT);
    spec.commandLine().getOut().printf("results: %s%nreport: %s%n", resultsDir, index.toAbsolutePath());
    return code;
  }
}
