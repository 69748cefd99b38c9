package migreplay.replay.engine;

/**
 * A wire of one bandwidth. Bytes queue behind the bytes before them; while the link stays busy, the time
 * the k-th byte of a busy period has left is computed from the period's start and its cumulative bytes, so
 * no rounding accumulates from one send to the next. When the clock ticks once per bit time (ticks per
 * second = bandwidth, as for the Xen algorithms), a busy period's time is exactly its bits: the clock is
 * "bits sent", and Xen's results are exactly bits ÷ bandwidth.
 */
public final class ConstantLink implements Link {
  private final long bitsPerSecond;
  private final long ticksPerSecond;
  private long periodStart;
  private long periodBytes;
  private long busyUntil;

  /**
   * @param bitsPerSecond the wire's bandwidth
   * @param ticksPerSecond the run's clock
   */
  public ConstantLink(long bitsPerSecond, long ticksPerSecond) {
    if (bitsPerSecond <= 0 || ticksPerSecond <= 0) {
      throw new IllegalArgumentException("bandwidth and clock rate must be positive");
    }
    this.bitsPerSecond = bitsPerSecond;
    this.ticksPerSecond = ticksPerSecond;
  }

  @Override
  public long ticksPerSecond() {
    return ticksPerSecond;
  }

  @Override
  public long send(long now, long bytes) {
    if (now > busyUntil) {
      periodStart = now;
      periodBytes = 0;
    }
    periodBytes += bytes;
    long bits = Math.multiplyExact(periodBytes, 8L);
    busyUntil = periodStart + (ticksPerSecond == bitsPerSecond ? bits
        : Exact.mulDivUp(bits, ticksPerSecond, bitsPerSecond));
    return busyUntil;
  }
}
