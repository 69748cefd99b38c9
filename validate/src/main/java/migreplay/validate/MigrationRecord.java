package migreplay.validate;

import java.nio.file.Path;
import java.util.List;
import migreplay.replay.qemu.MeasuredGuestSpeed;

/**
 * One real migration, read from a record file (README, "validate"; the format of
 * qemu-validation.md §4): what was asked of QEMU, the guest it migrated (where in which trace it started, how
 * fast it ran), and what QEMU reported.
 *
 * @param file the record file
 * @param workload the workload's name
 * @param request what the harness ran and asked of QEMU
 * @param guest the guest that was migrated: its trace, its speed, its memory
 * @param real what the migration reported at its end (or at the cancel)
 * @param series the {@code query-migrate} polls, in time order
 * @param syncs what QEMU's bitmap syncs found and where the migration thread was, for measuring the dirty-log
 *     gap ({@link LogGap}); null when the record lacks {@code bitmap_sync_pages}, {@code icount_drift_samples}
 *     or polls with page counts
 */
public record MigrationRecord(Path file, String workload, Request request, Guest guest, Totals real,
    List<Sample> series, SyncEvidence syncs) {

  public MigrationRecord {
    series = List.copyOf(series);
  }

  /**
   * What the harness ran and asked of QEMU.
   *
   * @param qemuVersion {@code major.minor} from the {@code qemu} line, or empty when the record has none
   * @param accelerator what {@code qemu_cmdline} ran the guest under
   * @param maxBandwidthBytesPerS {@code params.max_bandwidth_bytes_per_s}
   * @param downtimeLimitMs {@code params.downtime_limit_ms}
   * @param timeoutS {@code params.timeout_s}: when the harness cancels a migration that has not completed
   * @param autoConverge whether the auto-converge capability was on
   * @param holdBack what it asked of the recorder's patched QEMU ({@link HoldBackRequest#NONE} for stock QEMU)
   * @param postcopyAfterS a post-copy record's {@code postcopy.start_after_s}: host seconds from {@code migrate}
   *     to {@code migrate-start-postcopy}; NaN for a pre-copy record
   * @param build the QEMU build that ran it: the record's {@code qemu} line without its leading "QEMU emulator
   *     version " ({@code 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18)}), and {@code on NAME} when the record names
   *     its host ({@code host.name}); records of one build on one host share its fixed stop cost
   *     ({@link StopTimes})
   */
  public record Request(String qemuVersion, Accelerator accelerator, long maxBandwidthBytesPerS,
      long downtimeLimitMs, double timeoutS, boolean autoConverge, HoldBackRequest holdBack, double postcopyAfterS,
      String build) {

    /** A request whose build is known only by its version. */
    public Request(String qemuVersion, Accelerator accelerator, long maxBandwidthBytesPerS, long downtimeLimitMs,
        double timeoutS, boolean autoConverge, HoldBackRequest holdBack, double postcopyAfterS) {
      this(qemuVersion, accelerator, maxBandwidthBytesPerS, downtimeLimitMs, timeoutS, autoConverge, holdBack,
          postcopyAfterS, qemuVersion);
    }

    /** A pre-copy request to stock QEMU. */
    public Request(String qemuVersion, Accelerator accelerator, long maxBandwidthBytesPerS, long downtimeLimitMs,
        double timeoutS, boolean autoConverge) {
      this(qemuVersion, accelerator, maxBandwidthBytesPerS, downtimeLimitMs, timeoutS, autoConverge,
          HoldBackRequest.NONE, Double.NaN);
    }

    /** A pre-copy request to the recorder's patched QEMU (or stock QEMU with {@link HoldBackRequest#NONE}). */
    public Request(String qemuVersion, Accelerator accelerator, long maxBandwidthBytesPerS, long downtimeLimitMs,
        double timeoutS, boolean autoConverge, HoldBackRequest holdBack) {
      this(qemuVersion, accelerator, maxBandwidthBytesPerS, downtimeLimitMs, timeoutS, autoConverge, holdBack,
          Double.NaN);
    }

    /** A request to stock QEMU that the harness switched to post-copy after {@code postcopyAfterS}. */
    public Request(String qemuVersion, Accelerator accelerator, long maxBandwidthBytesPerS, long downtimeLimitMs,
        double timeoutS, boolean autoConverge, double postcopyAfterS) {
      this(qemuVersion, accelerator, maxBandwidthBytesPerS, downtimeLimitMs, timeoutS, autoConverge,
          HoldBackRequest.NONE, postcopyAfterS);
    }

    /** Whether the harness switched the migration to post-copy ({@code recorder/migrate.sh --postcopy-after}). */
    public boolean postcopy() {
      return !Double.isNaN(postcopyAfterS);
    }

    /** The major version of {@link #qemuVersion()} (which must not be empty). */
    public int qemuMajor() {
      return Integer.parseInt(qemuVersion.substring(0, qemuVersion.indexOf('.')));
    }

    /**
     * Whether QEMU's dirty log missed rewrites: QEMU 7.2-8.2 (a version before 9) under TCG
     * (recorder/README.md, "The TCG dirty-log gap"). A record without a {@code qemu} line or command line
     * says nothing: an exact log.
     */
    public boolean lossyDirtyLog() {
      return !qemuVersion.isEmpty() && qemuMajor() < 9 && accelerator == Accelerator.TCG;
    }
  }

  /**
   * The guest that was migrated.
   *
   * @param trace the {@code trace} key as written: a path relative to the record, or a name in a traces directory
   * @param startInTraceS guest seconds from the trace's start to the {@code migrate} command
   * @param speed guest seconds per host second during the migration (before the first throttled poll for a run
   *     auto-converge throttled)
   * @param measuredSpeed the guest's speed over the migration from the icount drift, for a run auto-converge
   *     throttled ({@link MeasuredGuestSpeed#NONE} otherwise: the model runs at {@code speed})
   * @param ramTotalBytes {@code final_query_migrate.ram.total}: every RAMBlock, guest RAM and device memory
   * @param pageSize {@code final_query_migrate.ram.page-size} (4096 when absent)
   */
  public record Guest(String trace, double startInTraceS, double speed, MeasuredGuestSpeed measuredSpeed,
      long ramTotalBytes, long pageSize) {}

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
    return real.converged() ? request.timeoutS() : real.totalTimeS();
  }
}
