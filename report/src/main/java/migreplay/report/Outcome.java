package migreplay.report;

import migreplay.results.RunResult;

/**
 * How a run's migration ended, the first thing every table says about it: {@code completed} (the guest was
 * paused and the rest sent: it has a downtime), {@code not converged} (cancelled while still iterating: no
 * downtime, its data and time are what it had spent when cancelled) or {@code failed} (the replay could not
 * run, e.g. the trace ended under {@code --trace-end error}: no measures). Only a completed run has a
 * downtime, enters an average, or counts as better or worse than another.
 */
public enum Outcome {
  COMPLETED("completed"),
  NOT_CONVERGED("not converged"),
  FAILED("failed");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  /** The words tables show: {@code completed}, {@code not converged}, {@code failed}. */
  public String label() {
    return label;
  }

  public boolean completed() {
    return this == COMPLETED;
  }

  /**
   * @param status the runs column {@code status} ({@code ok} or {@code failed})
   * @param migrationStatus {@code migration_status} ({@code completed}, {@code not-converged}; empty for a
   *     failed run)
   */
  public static Outcome of(String status, String migrationStatus) {
    if (!RunResult.OK.equals(status)) {
      return FAILED;
    }
    return RunResult.NOT_CONVERGED.equals(migrationStatus) ? NOT_CONVERGED : COMPLETED;
  }

  public static Outcome of(RunResult r) {
    return of(r.status(), r.migrationStatus());
  }

  /**
   * The outcome as a table cell: a completed run with live rounds that were ended by a cap (Xen's max_rounds
   * or max_factor) rather than by converging is {@code completed (capped)}: its last round sent what was still
   * dirty with the guest paused. (stop-and-copy has no live round to converge.)
   */
  public String cell(boolean converged, int rounds) {
    return this == COMPLETED && !converged && rounds > 1 ? "completed (capped)" : label;
  }
}
