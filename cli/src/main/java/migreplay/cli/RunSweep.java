package migreplay.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import migreplay.results.RunResult;
import migreplay.replay.sweep.RunSpec;
import migreplay.replay.sweep.Sweep;
import migreplay.replay.sweep.SweepPlan;
import migreplay.replay.params.Units;
import migreplay.trace.DecodeBudget;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceReader;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code replay} and {@code run} share: running a plan with a progress bar, writing and checking it. */
final class RunSweep {
  private RunSweep() {}

  static List<RunResult> execute(SweepPlan plan, int threads, boolean verify) throws IOException {
    return execute(plan, threads, verify, DecodeBudget.halfOfHeap());
  }

  static List<RunResult> execute(SweepPlan plan, int threads, boolean verify, DecodeBudget budget)
      throws IOException {
    List<RunSpec> specs = plan.specs();
    try (Progress progress = Progress.start("replay", specs.size())) {
      return Sweep.run(specs, threads, verify, r -> progress.step(), budget);
    }
  }

  /**
   * Writes the results with their provenance and the table of runs; returns the exit code: 0, or 1 (with one
   * line on stderr) when any run failed. The results are written either way.
   */
  static int write(CommandSpec spec, java.nio.file.Path dir, List<RunResult> results) throws IOException {
    migreplay.results.ResultsWriter.write(dir, results, Provenance.of(spec));
    spec.commandLine().getOut().print(migreplay.report.RunTable.format(results));
    long failed = results.stream().filter(r -> !r.ok()).count();
    if (failed > 0) {
      spec.commandLine().getErr().printf("migreplay: %d of %d runs failed (status and reason in %s)%n", failed,
          results.size(), dir.resolve("runs.csv"));
      return Migreplay.EXIT_BAD_DATA;
    }
    return 0;
  }

  /**
   * A usage error unless {@code --start} lies inside every trace (a run can only start within its trace),
   * checked on the traces' metadata before any run starts.
   */
  static void checkStart(CommandSpec spec, List<Path> traces, long startUs) throws IOException {
    for (Path t : traces) {
      TraceMetadata m;
      try (TraceReader r = TraceReader.open(t)) {
        m = r.metadata();
        if (!r.hasBatchTimes()) { // rows a run that ends early never reads must not go back in time either
          r.verifyOrder();
          spec.commandLine().getErr().println("migreplay: note: " + t + " has no batch time ranges in its footer "
              + "(written by another tool, or by an older migreplay): read it once to check that no row goes back in time");
        }
      }
      if (startUs >= m.durationUs()) {
        throw Converters.invalid(spec, "--start", Units.formatMicros(startUs), String.format(Locale.US,
            "the migration must start inside the trace, but %s lasts %.6f s", t, m.durationUs() / 1e6));
      }
    }
  }
}
