package migreplay.replay.engine;

/**
 * Everything besides the trace and the algorithm that shapes a run: the network and the trace policies.
 *
 * @param bandwidthBps link bandwidth in bits per second
 * @param pageHeaderBytes bytes on the wire per page besides the page itself (Xen: an 8-byte pfn/type word)
 * @param startUs trace time at which the migration starts
 * @param traceEnd what happens when the migration outlasts the trace
 * @param withinEpoch where an epoch's writes fall within it
 * @param resumeOverheadUs fixed time added to the downtime (and so to the total time)
 */
public record RunOptions(
    long bandwidthBps, long pageHeaderBytes, long startUs, TraceEnd traceEnd, WithinEpoch withinEpoch,
    long resumeOverheadUs) implements java.io.Serializable {

  public static final long DEFAULT_PAGE_HEADER_BYTES = 8;

  public RunOptions {
    if (bandwidthBps <= 0) {
      throw new IllegalArgumentException("bandwidth must be positive, found " + bandwidthBps);
    }
    if (pageHeaderBytes < 0 || startUs < 0 || resumeOverheadUs < 0) {
      throw new IllegalArgumentException("page header, start and resume overhead must not be negative");
    }
    if (traceEnd == null || withinEpoch == null) {
      throw new IllegalArgumentException("trace end and within-epoch policies are required");
    }
  }

  /** Defaults of DESIGN.md at the given bandwidth: 8-byte header, start 0, loop, spread, no overhead. */
  public static RunOptions defaults(long bandwidthBps) {
    return new RunOptions(bandwidthBps, DEFAULT_PAGE_HEADER_BYTES, 0, TraceEnd.LOOP, WithinEpoch.SPREAD, 0);
  }

  public RunOptions withStartUs(long us) {
    return new RunOptions(bandwidthBps, pageHeaderBytes, us, traceEnd, withinEpoch, resumeOverheadUs);
  }

  public RunOptions withTraceEnd(TraceEnd end) {
    return new RunOptions(bandwidthBps, pageHeaderBytes, startUs, end, withinEpoch, resumeOverheadUs);
  }
}
