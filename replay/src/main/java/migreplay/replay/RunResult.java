package migreplay.replay;

import java.util.List;

/**
 * One run: a trace replayed with one algorithm under one network (one row of {@code runs}, with its rounds).
 * The columns are documented in README.md, "Results".
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
    long hotPages,
    boolean converged,
    List<RoundResult> roundResults) implements java.io.Serializable {

  public static final String OK = "ok";
  public static final String FAILED = "failed";

  public RunResult {
    roundResults = List.copyOf(roundResults);
  }

  public boolean ok() {
    return OK.equals(status);
  }

  /** The same run with another id (runs are numbered once all are done, in plan order). */
  public RunResult withRunId(long id) {
    return new RunResult(id, trace, traceName, algorithm, params, bandwidthBps, pageSize, pageHeaderBytes,
        startUs, traceEnd, withinEpoch, resumeOverheadUs, ramPages, status, reason, rounds, pagesSent, bytesSent,
        totalTimeS, downtimeS, lastRoundPages, hotPages, converged, roundResults);
  }
}
