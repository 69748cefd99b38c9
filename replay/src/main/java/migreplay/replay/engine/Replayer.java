package migreplay.replay.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import migreplay.results.RoundResult;
import migreplay.results.RunResult;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceReader;
import migreplay.trace.TraceSource;

/**
 * Replays one trace with one algorithm instance under one network: one run. The engine's single entry point;
 * sweeps ({@code replay.sweep}) and the Java APIs of the families (e.g. {@code QemuPrediction}) call it with
 * an algorithm they created.
 */
public final class Replayer {
  private Replayer() {}

  /** A run and the number of trace writes it applied to the dirty log (for throughput benchmarks). */
  public record Measured(RunResult result, long writesApplied) {}

  /**
   * Runs {@code algorithm} over the trace file {@code trace}. A migration that cannot finish under its
   * options (the trace ended under {@code --trace-end error}) comes back with status {@code failed} and its
   * reason.
   *
   * @param verify check DESIGN.md's invariant at the end (costs two longs per page); a broken invariant is
   *     a bug and throws {@link IllegalStateException}
   */
  public static RunResult run(MigrationAlgorithm algorithm, Path trace, RunOptions options, boolean verify)
      throws IOException {
    try (TraceReader reader = TraceReader.open(trace)) {
      return run(algorithm, reader, options, trace.toString(), verify);
    }
  }

  /**
   * Runs {@code algorithm} reading the trace's rows from {@code rows} (a reader of the file, a cursor over the
   * trace decoded once for a sweep, or a copy of a remote trace).
   *
   * @param traceLabel the {@code trace} column of the result: the trace as the user gave it
   */
  public static RunResult run(MigrationAlgorithm algorithm, TraceSource rows, RunOptions options,
      String traceLabel, boolean verify) throws IOException {
    return measure(algorithm, rows, options, traceLabel, verify).result();
  }

  /** As {@link #run(MigrationAlgorithm, TraceSource, RunOptions, String, boolean)}, counting the writes applied. */
  public static Measured measure(MigrationAlgorithm algorithm, TraceSource rows, RunOptions o, String traceLabel,
      boolean verify) throws IOException {
    return measure(algorithm, rows, o, traceLabel, verify, new ConstantLink(o.bandwidthBps(), algorithm.ticksPerSecond(o)));
  }

  /**
   * As {@link #run(MigrationAlgorithm, TraceSource, RunOptions, String, boolean)}, over {@code link} instead
   * of a wire of the options' bandwidth of its own (e.g. a flow of a {@link SharedLink}); the link's clock
   * rate must be the algorithm's ({@link MigrationAlgorithm#ticksPerSecond}). The link is told when the
   * migration ends ({@link Link#finished}).
   */
  public static RunResult run(MigrationAlgorithm algorithm, TraceSource rows, RunOptions o, String traceLabel,
      boolean verify, Link link) throws IOException {
    if (link.ticksPerSecond() != algorithm.ticksPerSecond(o)) {
      throw new IllegalArgumentException("the link ticks " + link.ticksPerSecond() + " times a second, "
          + algorithm.name() + " " + algorithm.ticksPerSecond(o));
    }
    return measure(algorithm, rows, o, traceLabel, verify, link).result();
  }

  private static Measured measure(MigrationAlgorithm algorithm, TraceSource rows, RunOptions o, String traceLabel,
      boolean verify, Link link) throws IOException {
    TraceMetadata meta = rows.metadata();
    Migration m = new Migration(rows, o, verify, link);
    String status = RunResult.OK;
    String reason = "";
    try {
      algorithm.migrate(m);
    } catch (TraceEndedException e) {
      status = RunResult.FAILED;
      reason = e.getMessage();
    }
    link.finished(m.now());
    // A migration cancelled before it converged never promised to have sent every page.
    if (verify && status.equals(RunResult.OK) && !RunResult.NOT_CONVERGED.equals(m.migrationStatus())) {
      String broken = m.checkInvariant();
      if (broken != null) {
        throw new IllegalStateException(algorithm.name() + " on " + traceLabel + ": invariant broken: " + broken);
      }
    }
    List<RoundResult> rounds = withActions(m.rounds(), m.managerActions(), m);
    RoundResult lastRound = stopRound(rounds);
    boolean finished = lastRound != null;
    double overheadS = o.resumeOverheadUs() / 1e6;
    double downtimeS = !finished ? 0
        : (m.reportedDowntime() >= 0 ? m.seconds(m.reportedDowntime()) : lastRound.durationS()) + overheadS;
    String migrationStatus = m.migrationStatus() != null ? m.migrationStatus()
        : status.equals(RunResult.OK) ? RunResult.COMPLETED : null;
    if (!status.equals(RunResult.OK)) {
      migrationStatus = null;
    }
    return new Measured(new RunResult(-1, traceLabel, traceName(traceLabel), algorithm.name(),
        algorithm.params(), o.bandwidthBps(), meta.pageSize(), o.pageHeaderBytes(), o.startUs(),
        o.traceEnd().label(), o.withinEpoch().label(), o.resumeOverheadUs(), meta.ramPages(), status, reason,
        rounds.size(), m.pagesSent(), m.bytesSent(), m.seconds(m.now()) + (finished ? overheadS : 0),
        downtimeS, finished ? lastRound.pagesSent() : 0,
        algorithm.hasHotPages() ? m.hotPages() : null, m.isConverged(), m.traceLaps(), migrationStatus, m.counters(),
        rounds, m.postcopy(), describe(m.managerActions(), m)), m.writesApplied());
  }

  /**
   * The round sent with the guest stopped (the last of a pre-copy, the switch of a post-copy: the one that sets
   * the downtime), or null for a migration that never stopped the guest.
   */
  private static RoundResult stopRound(List<RoundResult> rounds) {
    for (int i = rounds.size() - 1; i >= 0; i--) {
      if (rounds.get(i).last()) {
        return rounds.get(i);
      }
    }
    return null;
  }

  /** Each round with the manager's actions made while it ran (an action at a round's very end belongs to it). */
  private static List<RoundResult> withActions(List<RoundResult> rounds, List<Migration.ManagerAction> actions,
      Migration m) {
    if (actions.isEmpty()) {
      return rounds;
    }
    List<RoundResult> out = new java.util.ArrayList<>();
    int a = 0;
    for (int i = 0; i < rounds.size(); i++) {
      RoundResult r = rounds.get(i);
      boolean lastOne = i == rounds.size() - 1;
      List<Migration.ManagerAction> in = new java.util.ArrayList<>();
      long end = Math.round((r.startS() + r.durationS()) * m.ticksPerSecond());
      while (a < actions.size() && (lastOne || actions.get(a).tick() <= end)) {
        in.add(actions.get(a++));
      }
      out.add(in.isEmpty() ? r : r.withManagerActions(describe(in, m)));
    }
    return out;
  }

  /** Actions as {@code 0s downtime_limit=50ms (why); 151.2s ...}, or null for none. */
  private static String describe(List<Migration.ManagerAction> actions, Migration m) {
    if (actions.isEmpty()) {
      return null;
    }
    java.util.StringJoiner j = new java.util.StringJoiner("; ");
    for (Migration.ManagerAction a : actions) {
      j.add(new java.math.BigDecimal(a.tick()).divide(java.math.BigDecimal.valueOf(m.ticksPerSecond()), 6,
          java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString() + "s " + a.what());
    }
    return j.toString();
  }

  /** The trace's name in results: its file name without {@code .trace.arrow} (or {@code .arrow}). */
  public static String traceName(Path trace) {
    return traceName(trace.getFileName().toString());
  }

  /** {@link #traceName(Path)} of a path or URI as text: its last {@code /} segment without the suffix. */
  public static String traceName(String trace) {
    String name = trace.substring(trace.lastIndexOf('/') + 1);
    for (String suffix : new String[] {".trace.arrow", ".arrow"}) {
      if (name.endsWith(suffix) && name.length() > suffix.length()) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }
}
