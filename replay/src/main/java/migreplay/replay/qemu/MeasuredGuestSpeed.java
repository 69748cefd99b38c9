package migreplay.replay.qemu;

import java.util.List;

/**
 * The guest's speed as it was measured during a real migration (for the {@code validate} stage): piecewise
 * constant, guest seconds per host second from each segment's start, in host seconds since the
 * {@code migrate} command. It is what the guest really did, auto-converge's throttling and the host's load
 * included, so while it is given the model's throttle does not slow the guest again (it still decides when
 * QEMU would throttle, which changes nothing else in the model). Speeds are used to 6 decimals.
 *
 * @param segments in increasing order of {@code fromS}; the first one's speed also holds before its start,
 *     the last one's after it
 */
public record MeasuredGuestSpeed(List<Segment> segments) {
  /** No measurement: the model's own {@code guest_speed}, throttled by 1 − p. */
  public static final MeasuredGuestSpeed NONE = new MeasuredGuestSpeed(List.of());

  /**
   * @param fromS host seconds since the {@code migrate} command at which this speed starts
   * @param speed guest seconds per host second, positive
   */
  public record Segment(double fromS, double speed) {
    public Segment {
      if (!Double.isFinite(fromS) || !(speed > 0) || !Double.isFinite(speed)) {
        throw new IllegalArgumentException("a measured guest speed needs a finite start and a positive speed, "
            + "found " + speed + " from " + fromS + " s");
      }
    }
  }

  public MeasuredGuestSpeed {
    segments = List.copyOf(segments);
    for (int i = 1; i < segments.size(); i++) {
      if (segments.get(i).fromS() <= segments.get(i - 1).fromS()) {
        throw new IllegalArgumentException("measured guest speed segments must start in increasing order, found "
            + segments.get(i).fromS() + " s after " + segments.get(i - 1).fromS() + " s");
      }
    }
  }

  /** Whether there is a measurement. */
  public boolean present() {
    return !segments.isEmpty();
  }

  /** The speed at host nanosecond {@code ns} since the {@code migrate} command, in millionths. */
  long micros(long ns) {
    Segment at = segments.get(0);
    for (Segment s : segments) {
      if (s.fromS() * 1e9 > ns) {
        break;
      }
      at = s;
    }
    return Math.max(1, Math.round(at.speed() * 1e6));
  }
}
