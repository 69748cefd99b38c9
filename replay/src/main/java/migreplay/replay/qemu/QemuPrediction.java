package migreplay.replay.qemu;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import migreplay.replay.params.AlgorithmParams;
import migreplay.replay.engine.Replayer;
import migreplay.replay.engine.RunOptions;
import migreplay.results.RunResult;

/**
 * One {@code qemu-precopy} prediction from Java, with the totals and the time series a real
 * {@code query-migrate} poll would give (for the {@code validate} stage).
 *
 * <pre>{@code
 * RunOptions o = RunOptions.defaults(Units.bandwidthBps("10Gbit"))   // the wire; exec:cat is fast
 *     .withStartUs(Units.micros("12.5s"))                               // start_in_trace_s
 *     .withTraceEnd(TraceEnd.LOOP);
 * QemuPrediction p = QemuPrediction.run(Path.of("traces/kvstore.trace.arrow"), o, Map.of(
 *     "max_bandwidth", "32MiB/s", "downtime_limit", "300ms", "guest_speed", "0.62",
 *     "device_pages", "4242", "timeout", "60s"));
 * p.result().totalTimeS();                    // total-time, s
 * p.result().migrationStatus();               // "completed" or "not-converged"
 * p.result().counters().transferredBytes();   // ram.transferred (also normalPages, zeroPages, dirtySyncCount,
 *                                             //   downtimeBytes, expectedDowntimeS, remainingBytes)
 * for (Sample s : p.series()) { s.tS(); s.transferredBytes(); s.remainingBytes(); s.dirtySyncCount(); s.status(); }
 * }</pre>
 *
 * Parameters are {@link QemuPrecopy#PARAMS}' names with values as typed on the command line; unknown
 * names fail with {@link IllegalArgumentException}. A run is deterministic: the same inputs give the same
 * result and series.
 *
 * @param result the run, as {@code migreplay replay} writes it
 * @param series samples at the start, at every 100 ms rate window and at the end
 */
public record QemuPrediction(RunResult result, List<Sample> series) {
  public QemuPrediction {
    series = List.copyOf(series);
  }

  /**
   * Replays {@code trace} through {@code qemu-precopy}.
   *
   * @param options the wire bandwidth ({@code -b}), start within the trace, trace end, resume overhead
   * @param params algorithm parameters by name (defaults for the others)
   * @throws IOException if the trace cannot be read
   */
  public static QemuPrediction run(Path trace, RunOptions options, Map<String, String> params) throws IOException {
    return run(trace, options, params, false);
  }

  /** As {@link #run(Path, RunOptions, Map)}, optionally checking the invariant (a broken one throws). */
  public static QemuPrediction run(Path trace, RunOptions options, Map<String, String> params, boolean verify)
      throws IOException {
    return run(trace, options, params, MeasuredGuestSpeed.NONE, verify);
  }

  /**
   * As {@link #run(Path, RunOptions, Map, boolean)}, with the guest running at the speed measured in a real
   * migration (see {@link MeasuredGuestSpeed}; {@link MeasuredGuestSpeed#NONE} for the model's own).
   */
  public static QemuPrediction run(Path trace, RunOptions options, Map<String, String> params,
      MeasuredGuestSpeed measured, boolean verify) throws IOException {
    QemuPrecopy algorithm =
        new QemuPrecopy(new AlgorithmParams(QemuPrecopy.NAME, QemuPrecopy.PARAMS, params), measured);
    RunResult r = Replayer.run(algorithm, trace, options, verify);
    return new QemuPrediction(r, algorithm.series());
  }
}
