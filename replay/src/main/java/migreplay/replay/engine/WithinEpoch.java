package migreplay.replay.engine;

/**
 * Where the writes of a row with resolution r > 1 fall within [t, t + r) (DESIGN.md, "When a write is
 * seen").
 */
public enum WithinEpoch {
  /** Spread deterministically over the epoch by a hash of (pfn, t) (the default). */
  SPREAD,
  /** All at the epoch's start t. */
  START;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The trace time at which a row (t, pfn) is applied: t + mix64(pfn × 0x9E3779B97F4A7C15 + t) mod
   * min(r, duration − t) for {@link #SPREAD}, in wrapping unsigned 64-bit arithmetic; t for {@link #START}.
   */
  public long appliedTime(long tUs, long pfn, long resolutionUs, long durationUs) {
    if (this == START || resolutionUs <= 1) {
      return tUs;
    }
    long span = Math.min(resolutionUs, durationUs - tUs);
    return tUs + Long.remainderUnsigned(SplitMix.mix64(pfn * 0x9E3779B97F4A7C15L + tUs), span);
  }
}
