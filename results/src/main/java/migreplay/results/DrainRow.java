package migreplay.results;

/**
 * One guest of one drain (one row of {@code drain}): the drain's settings, where the guest stood in its order,
 * when its migration waited, started and ended on the drain's clock, and how it went. The columns are
 * documented in README.md, "drain". The measures of a migration that did not start or failed
 * ({@code status} {@code failed}) are empty; a downtime only for a completed one.
 *
 * @param host the host the guest leaves (its host spec's name; empty for {@code drain TRACES...}, one host)
 * @param drainId the drain, numbered from 0 in plan order (hosts outer)
 * @param order how the order was chosen ({@code given}, {@code smallest-first}, ..., {@code best})
 * @param position the guest's place in the order, from 1
 * @param waitS how long it waited for a slot; its migration started then on the drain's clock
 * @param endS when its migration ended on the drain's clock (resume overhead included)
 * @param traceStartS where in its trace its migration started
 * @param meanLinkShare its bits ÷ (link bandwidth × its migration's time): the share of the link it had on
 *     average while it migrated
 */
public record DrainRow(String host, long drainId, int parallel, long linkBps, String order, String algorithm, String params,
    int position, String guest, String trace, double waitS, double startS, double endS, double traceStartS,
    String status, String reason, String migrationStatus, Long bytesSent, Double totalTimeS, Double downtimeS,
    Double meanLinkShare, long traceLaps) implements java.io.Serializable {

  /** Whether the guest's migration completed. */
  public boolean completed() {
    return RunResult.OK.equals(status) && RunResult.COMPLETED.equals(migrationStatus);
  }
}
