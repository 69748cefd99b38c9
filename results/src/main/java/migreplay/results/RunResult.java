package migreplay.results;

import java.util.List;

/**
 * One run: a trace replayed with one algorithm under one network (one row of {@code runs}, with its rounds).
 * The columns are documented in README.md, "Results". {@code hotPages} is null for algorithms without hot
 * pages; {@code migrationStatus} and {@code counters} are set by algorithms that report them (QEMU) and null
 * otherwise. {@code traceLaps} is how many times the trace was replayed (more than 1 only under
 * {@code --trace-end loop}).
 */
public record RunResult(
    long runId,
    String trace,
    String traceName,
    String algorithm,
    String params,
    long bandwidthBps,
    long pageSize,
    long pageHeaderBytes,
    long startUs,
    String traceEnd,
    String withinEpoch,
    long resumeOverheadUs,
    long ramPages,
    String status,
    String reason,
    int rounds,
    long pagesSent,
    long bytesSent,
    double totalTimeS,
    double downtimeS,
    long lastRoundPages,
    Long hotPages,
    boolean converged,
    long traceLaps,
    String migrationStatus,
    Counters counters,
    List<RoundResult> roundResults) implements java.io.Serializable {

  public static final String OK = "ok";
  public static final String FAILED = "failed";
  /** {@code migration_status}: the migration switched over and finished. */
  public static final String COMPLETED = "completed";
  /** {@code migration_status}: still iterating when the management layer's timeout cancelled it. */
  public static final String NOT_CONVERGED = "not-converged";

  /**
   * What QEMU's {@code query-migrate} would report at the end of the run (at completion, or at the
   * cancel for a not-converged run).
   *
   * @param normalPages {@code ram.normal}
   * @param zeroPages {@code ram.duplicate}
   * @param dirtySyncCount {@code ram.dirty-sync-count}
   * @param downtimeBytes {@code ram.downtime-bytes}: RAM bytes sent while the guest was stopped
   * @param expectedDowntimeS {@code expected-downtime}, in seconds
   * @param transferredBytes {@code ram.transferred}
   * @param remainingBytes {@code ram.remaining}
   */
  public record Counters(long normalPages, long zeroPages, long dirtySyncCount, long downtimeBytes,
      double expectedDowntimeS, long transferredBytes, long remainingBytes) implements java.io.Serializable {}

  public RunResult {
    roundResults = List.copyOf(roundResults);
  }

  /** A run of an algorithm without QEMU's counters. */
  public RunResult(long runId, String trace, String traceName, String algorithm, String params, long bandwidthBps,
      long pageSize, long pageHeaderBytes, long startUs, String traceEnd, String withinEpoch, long resumeOverheadUs,
      long ramPages, String status, String reason, int rounds, long pagesSent, long bytesSent, double totalTimeS,
      double downtimeS, long lastRoundPages, long hotPages, boolean converged, long traceLaps,
      List<RoundResult> roundResults) {
    this(runId, trace, traceName, algorithm, params, bandwidthBps, pageSize, pageHeaderBytes, startUs, traceEnd,
        withinEpoch, resumeOverheadUs, ramPages, status, reason, rounds, pagesSent, bytesSent, totalTimeS, downtimeS,
        lastRoundPages, (Long) hotPages, converged, traceLaps, null, null, roundResults);
  }

  public boolean ok() {
    return OK.equals(status);
  }

  /** Whether the migration outlasted the trace and replayed it more than once. */
  public boolean looped() {
    return traceLaps > 1;
  }

  /** The same run with another id (runs are numbered once all are done, in plan order). */
  public RunResult withRunId(long id) {
    return new RunResult(id, trace, traceName, algorithm, params, bandwidthBps, pageSize, pageHeaderBytes,
        startUs, traceEnd, withinEpoch, resumeOverheadUs, ramPages, status, reason, rounds, pagesSent, bytesSent,
        totalTimeS, downtimeS, lastRoundPages, hotPages, converged, traceLaps, migrationStatus, counters,
        roundResults);
  }
}
