package migreplay.validate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import migreplay.replay.sweep.Sweep;

/**
 * {@code migreplay validate}: reads migration records, finds their traces, predicts each migration with the
 * model (with its default host costs, or with costs fitted leave-one-out) and pairs prediction with reality.
 */
public final class Validation {
  /**
   * @param tracesDir where traces named by records are looked for after the record's directory, or null
   * @param calibrate fit the host costs leave-one-out instead of using the defaults
   * @param threads predictions run in parallel (results do not depend on it)
   * @param progress told where a calibration is, one line at a time (see {@link Calibration})
   */
  public record Options(Path tracesDir, boolean calibrate, int threads, java.util.function.Consumer<String> progress) {
    public Options {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, found " + threads);
      }
    }

    /** Without progress reports. */
    public Options(Path tracesDir, boolean calibrate, int threads) {
      this(tracesDir, calibrate, threads, line -> { });
    }
  }

  /**
   * One record against its prediction.
   *
   * @param costs the host costs the prediction ran with
   */
  public record Row(MigrationRecord record, Path trace, Prediction model, Map<String, Double> costs) {
    public Totals real() {
      return record.real();
    }

    public double error(Metric m) {
      return m.error(record.real(), model.totals());
    }
  }

  /**
   * @param rows one per record, in the order given
   * @param hostCosts the model's host costs (names, defaults, ranges)
   * @param calibration the fits, or null without calibration
   * @param logShares the shares of written pages found by the syncs of records whose dirty log is lossy, per
   *     trace and per fold ({@link CalibrationText#describeShares}); its shares are empty without such records
   * @param stopTimes without calibration, each QEMU build's stop time measured from its records
   *     ({@link StopTimes}; {@link CalibrationText#describeStopTimes}); empty with calibration (which fits it)
   */
  public record Outcome(List<Row> rows, List<HostCost> hostCosts, Calibration.Result calibration,
      Calibration.Result logShares, List<StopTimes.Build> stopTimes) {
    public Outcome {
      rows = List.copyOf(rows);
      hostCosts = List.copyOf(hostCosts);
      stopTimes = List.copyOf(stopTimes);
    }

    /** Without stop times measured per build. */
    public Outcome(List<Row> rows, List<HostCost> hostCosts, Calibration.Result calibration,
        Calibration.Result logShares) {
      this(rows, hostCosts, calibration, logShares, List.of());
    }

    /** Without records whose log is lossy. */
    public Outcome(List<Row> rows, List<HostCost> hostCosts, Calibration.Result calibration) {
      this(rows, hostCosts, calibration, new Calibration.Result(new Calibration.Fit(Map.of(), 0), List.of(), Map.of()));
    }
  }

  private Validation() {}

  public static Outcome run(List<Path> recordFiles, Predictor predictor, Options o) throws IOException {
    RecordReader reader = new RecordReader();
    TraceLocator locator = new TraceLocator(o.tracesDir());
    List<Calibration.Case> cases = new ArrayList<>();
    java.util.Set<Path> verified = new java.util.HashSet<>();
    for (MigrationRecord r : reader.readAll(recordFiles)) {
      Path trace = locator.locate(r);
      cases.add(new Calibration.Case(r, locator.check(r, trace, verified.add(trace))));
    }
    ExecutorService pool = Executors.newFixedThreadPool(o.threads());
    try {
      Calibration cal = new Calibration(predictor, cases, pool, o.progress());
      // Without calibration the folds hold the default costs but the stop time measured per build, and the shares
      // of records whose log is lossy.
      Calibration.Result fitted = o.calibrate() ? cal.leaveOneOut() : cal.sharesOnly();
      List<Future<Prediction>> futures = new ArrayList<>();
      List<Map<String, Double>> used = new ArrayList<>();
      for (int i = 0; i < cases.size(); i++) {
        Map<String, Double> costs = fitted.folds().get(i).fit().costs();
        used.add(costs);
        final int k = i;
        futures.add(pool.submit(() -> cal.predict(k, costs)));
      }
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < cases.size(); i++) {
        rows.add(new Row(cases.get(i).record(), cases.get(i).trace(), Sweep.await(futures.get(i)), used.get(i)));
      }
      return new Outcome(rows, predictor.hostCosts(), o.calibrate() ? fitted : null, fitted,
          o.calibrate() ? List.of() : cal.stopTimes());
    } finally {
      pool.shutdownNow();
    }
  }
}
