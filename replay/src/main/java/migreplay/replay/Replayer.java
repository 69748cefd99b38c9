package migreplay.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceReader;

/** Replays one trace with one algorithm under one network: one run. */
public final class Replayer {
  private Replayer() {}

  /**
   * Runs {@code spec}. A migration that cannot finish under its options (the trace ended under
   * {@code --trace-end error}) comes back with status {@code failed} and its reason.
   *
   * @param verify check DESIGN.md's invariant at the end (costs two longs per page); a broken invariant is
   *     a bug and throws {@link IllegalStateException}
   */
  public static RunResult run(RunSpec spec, boolean verify) throws IOException {
    return run(spec, spec.algorithm().create(spec.params()), verify);
  }

  /** A run and the number of trace writes it applied to the dirty log (for throughput benchmarks). */
  public record Measured(RunResult result, long writesApplied) {}

  /** Runs {@code spec} and counts the writes it replayed. */
  public static Measured measure(RunSpec spec) throws IOException {
    long[] applied = new long[1];
    RunResult r = run(spec, spec.algorithm().create(spec.params()), false, applied);
    return new Measured(r, applied[0]);
  }

  /**
   * Runs {@code spec}'s trace and options with the given algorithm instance (for algorithms that expose more
   * than a {@link RunResult}, e.g. QEMU's time series; {@code spec.algorithm()} is not used).
   */
  public static RunResult run(RunSpec spec, MigrationAlgorithm algorithm, boolean verify) throws IOException {
    return run(spec, algorithm, verify, new long[1]);
  }

  private static RunResult run(RunSpec spec, MigrationAlgorithm algorithm, boolean verify, long[] applied)
      throws IOException {
    RunOptions o = spec.options();
    try (TraceReader reader = TraceReader.open(spec.trace())) {
      TraceMetadata meta = reader.metadata();
      Migration m = new Migration(reader, o, verify, algorithm.ticksPerSecond(o));
      String status = RunResult.OK;
      String reason = "";
      try {
        algorithm.migrate(m);
      } catch (TraceEndedException e) {
        status = RunResult.FAILED;
        reason = e.getMessage();
      }
      // A migration cancelled before it converged never promised to have sent every page.
      if (verify && status.equals(RunResult.OK) && !RunResult.NOT_CONVERGED.equals(m.migrationStatus())) {
        String broken = m.checkInvariant();
        if (broken != null) {
          throw new IllegalStateException(algorithm.name() + " on " + spec.trace() + ": invariant broken: " + broken);
        }
      }
      applied[0] = m.writesApplied();
      List<RoundResult> rounds = m.rounds();
      RoundResult lastRound = rounds.isEmpty() ? null : rounds.get(rounds.size() - 1);
      boolean finished = lastRound != null && lastRound.last();
      double overheadS = o.resumeOverheadUs() / 1e6;
      String migrationStatus = m.migrationStatus() != null ? m.migrationStatus()
          : status.equals(RunResult.OK) ? RunResult.COMPLETED : null;
      if (!status.equals(RunResult.OK)) {
        migrationStatus = null;
      }
      return new RunResult(-1, spec.trace().toString(), traceName(spec.trace()), algorithm.name(),
          algorithm.params(), o.bandwidthBps(), meta.pageSize(), o.pageHeaderBytes(), o.startUs(),
          o.traceEnd().label(), o.withinEpoch().label(), o.resumeOverheadUs(), meta.ramPages(), status, reason,
          rounds.size(), m.pagesSent(), m.bytesSent(), m.seconds(m.now()) + (finished ? overheadS : 0),
          finished ? lastRound.durationS() + overheadS : 0, finished ? lastRound.pagesSent() : 0,
          algorithm.hasHotPages() ? m.hotPages() : null, m.isConverged(), migrationStatus, m.counters(), rounds);
    }
  }

  /** The trace's name in results: its file name without {@code .trace.arrow} (or {@code .arrow}). */
  public static String traceName(Path trace) {
    String name = trace.getFileName().toString();
    for (String suffix : new String[] {".trace.arrow", ".arrow"}) {
      if (name.endsWith(suffix) && name.length() > suffix.length()) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }
}
