package migreplay.replay.qemu;

/**
 * One {@code qemu-precopy} configuration, parsed from the parameters {@link QemuPrecopy#PARAMS} declares
 * (defaults and sources are there). Times are in nanoseconds, rates per second.
 *
 * @param version the loop modelled
 * @param maxBandwidth QEMU's max-bandwidth, bytes per second (0: no limit)
 * @param downtimeLimitMs QEMU's downtime-limit, ms
 * @param autoConverge the auto-converge capability
 * @param throttleInitial cpu-throttle-initial, %
 * @param throttleIncrement cpu-throttle-increment, %
 * @param throttleMax max-cpu-throttle, %
 * @param throttleTriggerThreshold throttle-trigger-threshold, %
 * @param timeoutNs when the management layer cancels a migration still iterating
 * @param devicePages pages of the RAMBlocks after guest RAM (video memory, ROMs)
 * @param deviceNonzeroPages of those, the last ones, non-zero (ROMs)
 * @param guestSpeedNum guest seconds per host second, numerator
 * @param guestSpeedDen guest seconds per host second, denominator
 * @param zeroPageRate zero pages the migration thread scans per second (0: CPU time not modelled)
 * @param normalPageRate normal pages the migration thread checks and queues per second (0: not modelled)
 * @param setupNs from the {@code migrate} command to the first sync
 * @param syncNs one bitmap sync
 * @param stopNs stopping the guest and saving device state
 * @param initialNonzero which pages are non-zero when the migration starts
 * @param dirtyLog which stores reach the dirty log
 * @param tcgLogSharePpm with {@link DirtyLog#TCG_7_2}: the share of pages written since a sync that the next
 *     sync finds, in parts per million
 * @param holdBack which pages are held back until the completion pass ({@link HoldBack#NONE}: QEMU's loop)
 */
public record QemuSettings(
    QemuVersion version,
    long maxBandwidth,
    long downtimeLimitMs,
    boolean autoConverge,
    int throttleInitial,
    int throttleIncrement,
    int throttleMax,
    int throttleTriggerThreshold,
    long timeoutNs,
    long devicePages,
    long deviceNonzeroPages,
    long guestSpeedNum,
    long guestSpeedDen,
    long zeroPageRate,
    long normalPageRate,
    long setupNs,
    long syncNs,
    long stopNs,
    InitialNonzero initialNonzero,
    DirtyLog dirtyLog,
    long tcgLogSharePpm,
    HoldBack holdBack) {

  /** Which pages hold non-zero data when the migration starts (sent as 4,104-byte records, not 9). */
  public enum InitialNonzero {
    /** The trace's {@code initial_nonzero} set when it has one, else {@link #ALL}. */
    AUTO,
    /** The trace's set (it must have one) plus every page the trace writes before the start. */
    TRACE,
    /** Every guest RAM page: an upper bound on the first pass, for traces that do not say. */
    ALL,
    /** Only the pages the trace writes before the start: a lower bound. */
    WRITTEN;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public QemuSettings {
    atLeast("max_bandwidth", maxBandwidth, 0);
    atLeast("downtime_limit", downtimeLimitMs, 0);
    atLeast("timeout", timeoutNs, 1);
    atLeast("device_pages", devicePages, 0);
    atLeast("device_nonzero_pages", deviceNonzeroPages, 0);
    atLeast("zero_page_rate", zeroPageRate, 0);
    atLeast("normal_page_rate", normalPageRate, 0);
    atLeast("setup_time", setupNs, 0);
    atLeast("sync_time", syncNs, 0);
    atLeast("stop_time", stopNs, 0);
    java.util.Objects.requireNonNull(holdBack, "holdBack");
    if (tcgLogSharePpm < 0 || tcgLogSharePpm > DirtyLog.PPM) {
      throw new IllegalArgumentException(QemuPrecopy.NAME + ": tcg_log_share must be in 0..1, found "
          + tcgLogSharePpm / (double) DirtyLog.PPM);
    }
    if (dirtyLog == DirtyLog.TCG_7_2 && version != QemuVersion.V7_2) {
      throw new IllegalArgumentException(QemuPrecopy.NAME + ": dirty_log=tcg-7.2 is QEMU 7.2-8.2 behaviour (fixed "
          + "in 9.0), so it needs qemu_version=7.2, found " + version.label());
    }
    if (deviceNonzeroPages > devicePages) {
      throw new IllegalArgumentException(QemuPrecopy.NAME + ": device_nonzero_pages (" + deviceNonzeroPages
          + ") cannot exceed device_pages (" + devicePages + ")");
    }
    if (guestSpeedNum <= 0 || guestSpeedDen <= 0) {
      throw new IllegalArgumentException(QemuPrecopy.NAME + ": guest_speed must be positive");
    }
    String[] names = {"cpu_throttle_initial", "cpu_throttle_increment", "max_cpu_throttle",
        "throttle_trigger_threshold"};
    int[] pcts = {throttleInitial, throttleIncrement, throttleMax, throttleTriggerThreshold};
    for (int i = 0; i < pcts.length; i++) {
      if (pcts[i] < 1 || pcts[i] > 100) {
        throw new IllegalArgumentException(QemuPrecopy.NAME + ": " + names[i] + " must be in 1..100, found " + pcts[i]);
      }
    }
    if (throttleMax > 99 || throttleInitial > throttleMax) {
      throw new IllegalArgumentException(QemuPrecopy.NAME
          + ": need cpu_throttle_initial <= max_cpu_throttle <= 99, found " + throttleInitial + " and " + throttleMax);
    }
  }

  private static void atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(QemuPrecopy.NAME + ": " + name + " must be at least " + min + ", found "
          + value);
    }
  }
}
