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
    List<RoundResult> roundResults,
    Postcopy postcopy,
    String managerActions) implements java.io.Serializable {

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

  /**
   * The post-copy phase of a migration that switched to post-copy ({@code migrate-start-postcopy}); null for one
   * that did not, and for algorithms without post-copy.
   *
   * @param startS when the guest stopped on the source for the switch, seconds since the migration started
   * @param phaseS from the guest's start on the destination to the last page sent
   * @param precopyPages pages sent before the switch
   * @param postcopyPages pages sent after it (in the background or on request)
   * @param postcopyBytes bytes sent after it ({@code ram.postcopy-bytes})
   * @param requests remote faults: guest accesses to a page not yet received, each a page request to the
   *     source ({@code ram.postcopy-requests})
   * @param requestPages pages sent because of a request, ahead of the background stream (the rest of
   *     {@code postcopyPages} went in the background)
   * @param faultWaitS guest time spent waiting on remote faults (the vCPU is blocked)
   * @param faultAccesses which accesses can fault: {@code reads+writes} for a trace that records reads, else
   *     {@code writes only} (the faults are then a lower bound)
   */
  public record Postcopy(double startS, double phaseS, long precopyPages, long postcopyPages, long postcopyBytes,
      long requests, long requestPages, double faultWaitS, String faultAccesses) implements java.io.Serializable {}

  public RunResult {
    roundResults = List.copyOf(roundResults);
  }

  /** A run without post-copy or a management layer. */
  public RunResult(long runId, String trace, String traceName, String algorithm, String params, long bandwidthBps,
      long pageSize, long pageHeaderBytes, long startUs, String traceEnd, String withinEpoch, long resumeOverheadUs,
      long ramPages, String status, String reason, int rounds, long pagesSent, long bytesSent, double totalTimeS,
      double downtimeS, long lastRoundPages, Long hotPages, boolean converged, long traceLaps, String migrationStatus,
      Counters counters, List<RoundResult> roundResults) {
    this(runId, trace, traceName, algorithm, params, bandwidthBps, pageSize, pageHeaderBytes, startUs, traceEnd,
        withinEpoch, resumeOverheadUs, ramPages, status, reason, rounds, pagesSent, bytesSent, totalTimeS, downtimeS,
        lastRoundPages, hotPages, converged, traceLaps, migrationStatus, counters, roundResults, null, null);
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
        roundResults, postcopy, managerActions);
  }
}
