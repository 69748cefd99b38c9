package migreplay.validate;

/**
 * What a migration record tells about QEMU's bitmap syncs, for {@link LogGap}: the harness's
 * {@code bitmap_sync_pages} (one entry per {@code migration_bitmap_sync_end}, the setup sync first), the
 * {@code query-migrate} polls' page counts, and the icount drift samples that map host time to guest time.
 *
 * @param syncTraceS each sync's time in the trace, guest seconds ({@code t_in_trace_s})
 * @param syncPages the pages each sync newly set in the migration bitmap ({@code pages})
 * @param pollHostS each poll's host time since the migrate command ({@code series[].t_host_s})
 * @param pollSentPages pages sent by then, normal + duplicate ({@code series[].normal + duplicate})
 * @param driftHostS each drift sample's host time since the migrate command
 * @param driftMs each drift sample's icount drift, ms (guest time = host time − drift)
 * @param guestSpeed {@code guest_time_per_host_second_during_migration} as recorded, for host times past the
 *     last drift sample
 */
public record SyncEvidence(double[] syncTraceS, long[] syncPages, double[] pollHostS, long[] pollSentPages,
    double[] driftHostS, double[] driftMs, double guestSpeed) {

  /** The pages the syncs after the setup sync found, summed. */
  public long pagesFound() {
    long sum = 0;
    for (int i = 1; i < syncPages.length; i++) {
      sum += syncPages[i];
    }
    return sum;
  }
}
