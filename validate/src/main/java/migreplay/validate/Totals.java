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
 * @param setupTimeS {@code setup-time}: from the {@code migrate} command to the end of setup (the first sync
 *     included); NaN when a record does not say
 */
public record Totals(double totalTimeS, long transferredBytes, long normalPages, long zeroPages,
    long dirtySyncCount, long downtimeBytes, long remainingBytes, double downtimeS, boolean converged,
    double setupTimeS) {

  /** Without a setup time. */
  public Totals(double totalTimeS, long transferredBytes, long normalPages, long zeroPages, long dirtySyncCount,
      long downtimeBytes, long remainingBytes, double downtimeS, boolean converged) {
    this(totalTimeS, transferredBytes, normalPages, zeroPages, dirtySyncCount, downtimeBytes, remainingBytes,
        downtimeS, converged, Double.NaN);
  }

  /**
   * The pre-copy throughput: the bytes sent while iterating (transferred but the final pass's) over the time
   * spent iterating (total time but setup and downtime), in bytes per second; NaN when the setup time or the
   * downtime of a completed migration is not known, or no time was spent iterating. Against the cap it shows
   * whether the host's migration thread kept up with it.
   */
  public double precopyThroughput() {
    double downtime = converged ? downtimeS : 0;
    double iterating = totalTimeS - setupTimeS - downtime;
    if (Double.isNaN(iterating) || iterating <= 0) {
      return Double.NaN;
    }
    return (transferredBytes - downtimeBytes) / iterating;
  }
}
