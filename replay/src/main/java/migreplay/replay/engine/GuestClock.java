package migreplay.replay.engine;

/**
 * The guest's trace time as a function of the migration clock. The guest runs at a rational speed (guest
 * seconds per host second: {@code guest_speed}, times 1 − p for a vCPU throttled by p, or a speed measured in a
 * real migration), piecewise constant
 * from the tick it was set. Guest time is kept in ticks, and the trace time reached is
 * start + floor(guest ticks × 10^6 / ticks per second) µs (lap-adjusted), all in integers. At speed 1 the
 * guest ticks with the host, so a Xen run's trace time after b bits at bandwidth w is start +
 * floor(b · 10^6 / w), DESIGN.md's visibility rule.
 */
final class GuestClock {
  private final long startUs;
  private final long ticksPerSecond;
  private long segmentHost;
  private long segmentGuest;
  private long num = 1;
  private long den = 1;

  GuestClock(long startUs, long ticksPerSecond) {
    this.startUs = startUs;
    this.ticksPerSecond = ticksPerSecond;
  }

  /** Guest ticks elapsed since the migration started, at host tick {@code tick}. */
  long guestTicks(long tick) {
    long d = tick - segmentHost;
    return segmentGuest + (num == den ? d : Exact.mulDiv(d, num, den));
  }

  /** The (lap-adjusted) trace time in µs the guest has reached at host tick {@code tick}. */
  long traceUsAt(long tick) {
    return startUs + Exact.mulDiv(guestTicks(tick), 1_000_000, ticksPerSecond);
  }

  /** From host tick {@code tick} on, the guest runs {@code num / den} guest seconds per host second. */
  void setSpeed(long tick, long num, long den) {
    if (num < 0 || den <= 0) {
      throw new IllegalArgumentException("guest speed must be a non-negative fraction, found " + num + "/" + den);
    }
    segmentGuest = guestTicks(tick);
    segmentHost = tick;
    this.num = num;
    this.den = den;
  }
}
