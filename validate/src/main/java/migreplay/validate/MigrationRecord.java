package migreplay.validate;

import java.nio.file.Path;
import java.util.List;
import migreplay.replay.qemu.MeasuredGuestSpeed;

/**
 * One real migration, read from a record file (README, "validate"; the format of
 * qemu-validation.md §4): what was asked of QEMU, where in which trace it started, and what it did.
 *
 * @param file the record file
 * @param workload the workload's name
 * @param trace the {@code trace} key as written: a path relative to the record, or a name in a traces directory
 * @param qemuVersion {@code major.minor} from the {@code qemu} line, or empty when the record has none
 * @param startInTraceS guest seconds from the trace's start to the {@code migrate} command
 * @param guestSpeed guest seconds per host second during the migration
 * @param maxBandwidthBytesPerS {@code params.max_bandwidth_bytes_per_s}
 * @param downtimeLimitMs {@code params.downtime_limit_ms}
 * @param timeoutS {@code params.timeout_s}: when the harness cancels a migration that has not completed
 * @param autoConverge whether the auto-converge capability was on
 * @param ramTotalBytes {@code final_query_migrate.ram.total}: every RAMBlock, guest RAM and device memory
 * @param pageSize {@code final_query_migrate.ram.page-size} (4096 when absent)
 * @param real what the migration reported at its end (or at the cancel)
 * @param series the {@code query-migrate} polls, in time order
 * @param measuredSpeed the guest's speed over the migration from the icount drift, for a run auto-converge
 *     throttled ({@link MeasuredGuestSpeed#NONE} otherwise: the model runs at {@code guestSpeed})
 * @param lossyDirtyLog whether the migration ran under QEMU 7.2-8.2 with TCG (its {@code qemu} line and
 *     {@code qemu_cmdline} say so), whose dirty log misses rewrites (recorder/README.md, "The TCG dirty-log gap")
 * @param syncs what QEMU's bitmap syncs found and where the migration thread was, for measuring the dirty-log
 *     gap ({@link LogGap}); null when the record lacks {@code bitmap_sync_pages}, {@code icount_drift_samples}
 *     or polls with page counts
 * @param holdBack what the record asked of the recorder's patched QEMU ({@link HoldBackRequest#NONE} for stock)
 */
public record MigrationRecord(Path file, String workload, String trace, String qemuVersion, double startInTraceS,
    double guestSpeed, long maxBandwidthBytesPerS, long downtimeLimitMs, double timeoutS, boolean autoConverge,
    long ramTotalBytes, long pageSize, Totals real, List<Sample> series, MeasuredGuestSpeed measuredSpeed,
    boolean lossyDirtyLog, SyncEvidence syncs, HoldBackRequest holdBack) {

  public MigrationRecord {
    series = List.copyOf(series);
  }

  /** A record of stock QEMU. */
  public MigrationRecord(Path file, String workload, String trace, String qemuVersion, double startInTraceS,
      double guestSpeed, long maxBandwidthBytesPerS, long downtimeLimitMs, double timeoutS, boolean autoConverge,
      long ramTotalBytes, long pageSize, Totals real, List<Sample> series, MeasuredGuestSpeed measuredSpeed,
      boolean lossyDirtyLog, SyncEvidence syncs) {
    this(file, workload, trace, qemuVersion, startInTraceS, guestSpeed, maxBandwidthBytesPerS, downtimeLimitMs,
        timeoutS, autoConverge, ramTotalBytes, pageSize, real, series, measuredSpeed, lossyDirtyLog, syncs,
        HoldBackRequest.NONE);
  }

  /** A record whose dirty log saw every write (KVM, or QEMU 9.0 and later). */
  public MigrationRecord(Path file, String workload, String trace, String qemuVersion, double startInTraceS,
      double guestSpeed, long maxBandwidthBytesPerS, long downtimeLimitMs, double timeoutS, boolean autoConverge,
      long ramTotalBytes, long pageSize, Totals real, List<Sample> series, MeasuredGuestSpeed measuredSpeed) {
    this(file, workload, trace, qemuVersion, startInTraceS, guestSpeed, maxBandwidthBytesPerS, downtimeLimitMs,
        timeoutS, autoConverge, ramTotalBytes, pageSize, real, series, measuredSpeed, false, null,
        HoldBackRequest.NONE);
  }

  /** A record without a measured speed over time. */
  public MigrationRecord(Path file, String workload, String trace, String qemuVersion, double startInTraceS,
      double guestSpeed, long maxBandwidthBytesPerS, long downtimeLimitMs, double timeoutS, boolean autoConverge,
      long ramTotalBytes, long pageSize, Totals real, List<Sample> series) {
    this(file, workload, trace, qemuVersion, startInTraceS, guestSpeed, maxBandwidthBytesPerS, downtimeLimitMs,
        timeoutS, autoConverge, ramTotalBytes, pageSize, real, series, MeasuredGuestSpeed.NONE);
  }

  /** The record's name in outputs: its file name without {@code .json}. */
  public String name() {
    String n = file.getFileName().toString();
    return n.endsWith(".json") && n.length() > 5 ? n.substring(0, n.length() - 5) : n;
  }

  /**
   * When the model stops a migration that has not completed: at the real cancel time for a migration that
   * was cancelled (so both are compared at the same moment), else at the harness's timeout.
   */
  public double modelTimeoutS() {
    return real.converged() ? timeoutS : real.totalTimeS();
  }
}
