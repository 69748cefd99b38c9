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
 */
public record RoundResult(
    int round, double startS, double durationS, long pagesSent, Long pagesSkipped, long pagesDirtied,
    Long hotAdded, boolean last, Sync sync) implements java.io.Serializable {

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
