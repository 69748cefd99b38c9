package migreplay.replay.sweep;

import java.io.IOException;
import java.nio.file.Path;
import migreplay.replay.engine.WithinEpoch;
import migreplay.results.RunResult;
import migreplay.trace.DecodeBudget;
import migreplay.trace.DecodedTrace;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceReader;
import migreplay.trace.TraceSource;

/**
 * One trace file and the runs of a sweep that replay it. When two or more runs share it, the first run to
 * start decodes it once into memory ({@link DecodedTrace}) within the sweep's {@link DecodeBudget}, and every
 * run (and every lap of a looping run) reads that; runs starting meanwhile wait for the decode. A trace that
 * does not fit, or has a single run, is streamed from the file as before. The last run to finish frees the
 * decoded rows. Results are the same either way: the engine sees the same rows.
 */
public final class SharedTrace {
  private final Path file;
  private final DecodeBudget budget;
  private int remaining;
  private boolean decodeTried;
  private DecodedTrace decoded;

  /**
   * @param file the trace to read (a local file)
   * @param runs how many runs will call {@link #run}
   */
  public SharedTrace(Path file, int runs, DecodeBudget budget) {
    this.file = file;
    this.remaining = runs;
    this.budget = budget;
  }

  /**
   * Runs {@code spec} on this trace (whatever {@code spec.trace()} says).
   *
   * @param traceLabel the {@code trace} column of the result: the trace as the user gave it
   */
  public RunResult run(RunSpec spec, String traceLabel, boolean verify) throws IOException {
    try (TraceSource rows = open()) {
      return spec.run(rows, traceLabel, verify);
    } finally {
      done();
    }
  }

  /** Whether the rows are held decoded in memory now (for tests and benchmarks). */
  public synchronized boolean decoded() {
    return decoded != null;
  }

  private synchronized TraceSource open() throws IOException {
    if (!decodeTried && remaining > 1) {
      decodeTried = true;
      decoded = decode(file, budget).orElse(null);
    }
    return decoded != null ? decoded.cursor() : TraceReader.open(file);
  }

  /**
   * {@code file} decoded into memory when it fits {@code budget} (the bytes taken from it), with its spread offsets:
   * they are the same for every run (only the lap moves them), so they are computed once here.
   */
  static java.util.Optional<DecodedTrace> decode(Path file, DecodeBudget budget) throws IOException {
    try (TraceReader r = TraceReader.open(file)) {
      TraceMetadata m = r.metadata();
      long res = m.resolutionUs();
      long duration = m.durationUs();
      DecodedTrace.SpreadRule spread = res <= 1 ? null
          : (t, pfn) -> WithinEpoch.SPREAD.appliedTime(t, pfn, res, duration) - t;
      return DecodedTrace.decode(r, budget, spread);
    }
  }

  private synchronized void done() {
    if (--remaining == 0 && decoded != null) {
      budget.release(decoded.bytes());
      decoded = null;
    }
  }
}
