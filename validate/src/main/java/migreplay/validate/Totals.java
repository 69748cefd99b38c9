package migreplay.validate;

/**
 * What a migration ended with, as query-migrate reports it: the quantities validation compares, for the
 * real migration and for the model alike. For a migration that did not converge these are the values at
 * the cancel time.
 *
 * @param totalTimeS from the {@code migrate} command to completion (or to the cancel)
 * @param transferredBytes query-migrate's {@code ram.transferred}
 * @param normalPages {@code ram.normal}
 * @param zeroPages {@code ram.duplicate}
 * @param dirtySyncCount {@code ram.dirty-sync-count}
 * @param downtimeBytes {@code ram.downtime-bytes} (0 when the migration did not complete)
 * @param remainingBytes {@code ram.remaining}
 * @param downtimeS {@code downtime}: how long the guest was paused (0 when it did not complete; NaN when a
 *     record does not say)
 * @param converged whether it completed (switched over) rather than being cancelled
 * @param postcopyBytes {@code ram.postcopy-bytes}: bytes sent after a switch to post-copy (0 without one)
 * @param postcopyRequests {@code ram.postcopy-requests}: page requests of the destination's remote faults
 * @param faultWaitS the destination's {@code postcopy-blocktime} (the model's {@code fault_wait_s}); 0 without
 *     post-copy, NaN when a post-copy record does not say
 */
public record Totals(double totalTimeS, long transferredBytes, long normalPages, long zeroPages,
    long dirtySyncCount, long downtimeBytes, long remainingBytes, double downtimeS, boolean converged,
    long postcopyBytes, long postcopyRequests, double faultWaitS) {

  /** The totals of a migration that did not switch to post-copy. */
  public Totals(double totalTimeS, long transferredBytes, long normalPages, long zeroPages, long dirtySyncCount,
      long downtimeBytes, long remainingBytes, double downtimeS, boolean converged) {
    this(totalTimeS, transferredBytes, normalPages, zeroPages, dirtySyncCount, downtimeBytes, remainingBytes,
        downtimeS, converged, 0, 0, 0);
  }
}
