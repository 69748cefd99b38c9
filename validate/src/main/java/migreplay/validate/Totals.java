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
 * @param setupTimeS {@code setup-time}: from the migration thread's start to the end of setup (the first sync
 *     included); NaN when a record does not say
 * @param connectTimeS from the {@code migrate} command to the migration thread's start (total-time counts from
 *     the command, setup-time from the thread's start): for a real migration, the traced time of its setup sync
 *     ({@code bitmap_sync_pages[0].t_host_s}) less {@code setup-time}, at least 0; NaN when a record does not say
 * @param postcopyBytes {@code ram.postcopy-bytes}: bytes sent after a switch to post-copy (0 without one)
 * @param postcopyRequests {@code ram.postcopy-requests}: page requests of the destination's remote faults
 * @param faultWaitS the destination's {@code postcopy-blocktime} (the model's {@code fault_wait_s}); 0 without
 *     post-copy, NaN when a post-copy record does not say
 */
public record Totals(double totalTimeS, long transferredBytes, long normalPages, long zeroPages,
    long dirtySyncCount, long downtimeBytes, long remainingBytes, double downtimeS, boolean converged,
    double setupTimeS, double connectTimeS, long postcopyBytes, long postcopyRequests, double faultWaitS) {

  /** Without a setup or connect time, nor a switch to post-copy. */
  public Totals(double totalTimeS, long transferredBytes, long normalPages, long zeroPages, long dirtySyncCount,
      long downtimeBytes, long remainingBytes, double downtimeS, boolean converged) {
    this(totalTimeS, transferredBytes, normalPages, zeroPages, dirtySyncCount, downtimeBytes, remainingBytes,
        downtimeS, converged, Double.NaN, Double.NaN, 0, 0, 0);
  }

  /** Without a connect time, nor a switch to post-copy. */
  public Totals(double totalTimeS, long transferredBytes, long normalPages, long zeroPages, long dirtySyncCount,
      long downtimeBytes, long remainingBytes, double downtimeS, boolean converged, double setupTimeS) {
    this(totalTimeS, transferredBytes, normalPages, zeroPages, dirtySyncCount, downtimeBytes, remainingBytes,
        downtimeS, converged, setupTimeS, Double.NaN, 0, 0, 0);
  }

  /**
   * The pre-copy throughput: the bytes sent while iterating (transferred but the final pass's) over the time
   * spent iterating (total time but connect, setup and downtime; an unknown connect time counts as 0), in bytes
   * per second; NaN when the setup time or the downtime of a completed migration is not known, or no time was
   * spent iterating. Against the cap it shows whether the host's migration thread kept up with it.
   */
  public double precopyThroughput() {
    double downtime = converged ? downtimeS : 0;
    double iterating = totalTimeS - setupTimeS - (Double.isNaN(connectTimeS) ? 0 : connectTimeS) - downtime;
    if (Double.isNaN(iterating) || iterating <= 0) {
      return Double.NaN;
    }
    return (transferredBytes - downtimeBytes) / iterating;
  }
}
