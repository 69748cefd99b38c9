package migreplay.results;

/**
 * One round of a run (one row of {@code rounds}): for Xen-style algorithms one pass between two cleans of the
 * log, for QEMU the interval between two bitmap syncs (DESIGN.md, "Rounds are syncs"). A column an
 * algorithm does not have is null (empty in the results), never zero.
 *
 * @param round 1-based
 * @param startS round start, seconds since the migration started
 * @param durationS round length in seconds
 * @param pagesSent pages sent in the round (QEMU: normal and zero pages)
 * @param pagesSkipped Xen: pages in to_send that were already dirty again when their batch was peeked; null
 *     for QEMU
 * @param pagesDirtied pages the harvest that ends the round found: Xen's dirty_count (distinct pages in the
 *     log at the clean), QEMU's pages newly set in the bitmap by the sync; 0 for the last round
 * @param hotAdded improved-precopy: pages newly judged frequently updated in the round; null for QEMU
 * @param last whether this is the round sent with the guest paused
 * @param sync QEMU's figures at the sync that ends the round; null for the other algorithms
 * @param phase {@link #LIVE} (the guest runs on the source), {@link #STOP} (the guest is stopped: the last round
 *     of a pre-copy, or the switch to post-copy) or {@link #POSTCOPY} (the guest runs on the destination)
 * @param managerActions what the management layer did during the round ({@code 151.2s migrate-start-postcopy
 *     (why); ...}), or null when no manager drives the migration or it did nothing then
 */
public record RoundResult(
    int round, double startS, double durationS, long pagesSent, Long pagesSkipped, long pagesDirtied,
    Long hotAdded, boolean last, Sync sync, String phase, String managerActions) implements java.io.Serializable {
  public static final String LIVE = "live";
  public static final String STOP = "stop";
  public static final String POSTCOPY = "postcopy";

  /** A round whose phase follows from {@code last} (live or stop), without manager actions. */
  public RoundResult(int round, double startS, double durationS, long pagesSent, Long pagesSkipped,
      long pagesDirtied, Long hotAdded, boolean last, Sync sync) {
    this(round, startS, durationS, pagesSent, pagesSkipped, pagesDirtied, hotAdded, last, sync, last ? STOP : LIVE,
        null);
  }

  /** The same round with the manager's actions during it. */
  public RoundResult withManagerActions(String actions) {
    return new RoundResult(round, startS, durationS, pagesSent, pagesSkipped, pagesDirtied, hotAdded, last, sync,
        phase, actions);
  }

  /**
   * QEMU's figures for one round.
   *
   * @param zeroPages of the pages sent, those sent as zero-page records
   * @param thresholdBytes QEMU's threshold_size (bandwidth estimate × downtime limit) when the round ended
   * @param bandwidthBytesPerS QEMU's bandwidth estimate (bytes of the last rate window ÷ its length) then
   */
  public record Sync(long zeroPages, long thresholdBytes, double bandwidthBytesPerS) implements java.io.Serializable {}

  /** A round of a Xen-style algorithm (no QEMU figures). */
  public RoundResult(int round, double startS, double durationS, long pagesSent, long pagesSkipped,
      long pagesDirtied, long hotAdded, boolean last) {
    this(round, startS, durationS, pagesSent, (Long) pagesSkipped, pagesDirtied, (Long) hotAdded, last, null);
  }
}
