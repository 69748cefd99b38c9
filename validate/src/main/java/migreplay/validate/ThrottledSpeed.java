package migreplay.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import migreplay.replay.qemu.MeasuredGuestSpeed;

/**
 * The guest's speed over a migration that auto-converge throttled. The record's
 * {@code guest_time_per_host_second_during_migration} is measured from the first to the last icount drift
 * sample of the whole migration, so once a poll of {@code series} shows {@code cpu_throttle_percentage} above 0
 * it includes the throttle (and the host's load, which on a shared host can hide a throttle's sleeps or add
 * to them), and a model slowing the guest by 1 − p on top would throttle twice. For such a record the
 * migration's drift samples ({@code t_host_s >= 0}) give the speed between each two of them, guest seconds =
 * host seconds − drift change (ms / 1000), as the harness computes it; the guest's speed
 * ({@link MigrationRecord.Guest#speed()}) becomes the speed before the first throttled poll. Without a throttled
 * poll, or with fewer than two samples in the span needed, the record's speed is used as it is.
 *
 * @param unthrottled guest seconds per host second before the first throttled poll (or as recorded)
 * @param measured the speed between each two drift samples, or {@link MeasuredGuestSpeed#NONE}
 */
record ThrottledSpeed(double unthrottled, MeasuredGuestSpeed measured) {
  static ThrottledSpeed of(RecordKeys k, double recorded) {
    JsonNode polls = k.root().path("series");
    double throttledAt = Double.POSITIVE_INFINITY;
    for (int i = 0; i < polls.size(); i++) {
      JsonNode poll = polls.get(i);
      if (poll.path("cpu_throttle_percentage").asDouble(0) > 0 && poll.path("t_host_s").isNumber()) {
        throttledAt = poll.get("t_host_s").asDouble();
        break;
      }
    }
    JsonNode drift = k.root().path("icount_drift_samples");
    if (throttledAt == Double.POSITIVE_INFINITY || !drift.isArray()) {
      return new ThrottledSpeed(recorded, MeasuredGuestSpeed.NONE);
    }
    List<double[]> samples = new ArrayList<>();
    for (int i = 0; i < drift.size(); i++) {
      double[] pair = k.pair("icount_drift_samples[" + i + "]", "a pair [t_host_s, drift_ms]");
      if (pair[0] >= 0 && (samples.isEmpty() || pair[0] > samples.get(samples.size() - 1)[0])) {
        samples.add(pair);
      }
    }
    List<MeasuredGuestSpeed.Segment> segments = new ArrayList<>();
    double host = 0;
    double guest = 0;
    for (int i = 1; i < samples.size(); i++) {
      double dt = samples.get(i)[0] - samples.get(i - 1)[0];
      double dg = dt - (samples.get(i)[1] - samples.get(i - 1)[1]) / 1000.0;
      if (!(dg > 0)) {
        return new ThrottledSpeed(recorded, MeasuredGuestSpeed.NONE); // a clock that stood still: not usable
      }
      segments.add(new MeasuredGuestSpeed.Segment(segments.isEmpty() ? 0 : samples.get(i - 1)[0], dg / dt));
      if (samples.get(i)[0] <= throttledAt) {
        host += dt;
        guest += dg;
      }
    }
    return host > 0 ? new ThrottledSpeed(guest / host, new MeasuredGuestSpeed(segments))
        : new ThrottledSpeed(recorded, MeasuredGuestSpeed.NONE);
  }
}
