package migreplay.replay.qemu;

import migreplay.replay.engine.SplitMix;

/**
 * Which guest stores reach QEMU's dirty log, and so which pages a bitmap sync finds
 * (parameter {@code dirty_log}; recorder/README.md, "The TCG dirty-log gap", has the measurements).
 */
public enum DirtyLog {
  /**
   * Every page written since the last sync: KVM (write protection or PML, and {@code log_clear}), and TCG from
   * QEMU 9.0 on.
   */
  EXACT("exact"),
  /**
   * QEMU 7.2 to 8.2 under TCG. A store through a TLB entry without {@code TLB_NOTDIRTY} sets no dirty bit, and
   * a migration sync clears the bits without re-arming the entries ({@code cpu_physical_memory_sync_dirty_bitmap}'s
   * word-aligned path; fixed upstream by commit 03bfc2188f, "physmem: Fix migration dirty bitmap coherency with
   * TCG memory access", in 9.0). A rewrite is seen only if the page's entry was refilled (a TLB flush or an
   * eviction) since the sync, which depends on the guest's TLB use, not in a page trace. So this model is
   * phenomenological: at each sync after the setup sync, each page written since the previous sync reaches
   * the log with probability {@code tcg_log_share}, decided by a hash of (page, sync count) so that a run is
   * deterministic. The writes it loses are lost to the migration, as in QEMU 7.2 (the destination gets a
   * stale page). The share is the workload's; {@code migreplay validate} measures it from real migrations'
   * sync counts, as recorder/gap.py does.
   */
  TCG_7_2("tcg-7.2");

  /** Parts per million of {@code tcg_log_share}. */
  static final long PPM = 1_000_000;

  private final String label;

  DirtyLog(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  static DirtyLog parse(String text) {
    for (DirtyLog d : values()) {
      if (d.label.equals(text.trim())) {
        return d;
      }
    }
    throw new IllegalArgumentException("dirty_log must be exact or tcg-7.2, found '" + text + "'");
  }

  /**
   * Whether {@code tcg-7.2}'s log sees page {@code pfn}'s writes in the sync numbered {@code syncCount}: a
   * SplitMix64 hash of the two, taken modulo one million, below the share in parts per million.
   */
  static boolean seen(long pfn, long syncCount, long sharePpm) {
    long z = SplitMix.mix64(pfn * 0x9E3779B97F4A7C15L + syncCount * 0xC2B2AE3D27D4EB4FL);
    return Long.remainderUnsigned(z, PPM) < sharePpm;
  }
}
