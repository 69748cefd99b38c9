package migreplay.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import migreplay.replay.qemu.MeasuredGuestSpeed;
import org.junit.jupiter.api.Test;

/**
 * The search itself, on a closed-form cost model where the answer is known exactly: a migration of z zero
 * pages and n normal pages takes setup + z / scan_rate + n / copy_rate seconds. Records with different mixes
 * of zero and normal pages pin both rates and the setup; generated at costs on the grid, the fit must land on
 * them exactly, in every fold, with the same result for any thread count.
 */
class CalibrationSearchTest {
  static final List<HostCost> COSTS = List.of(
      new HostCost("scan_rate", "pages/s", 100_000, 1_000, 10_000_000),
      new HostCost("copy_rate", "pages/s", 20_000, 1_000, 1_000_000),
      new HostCost("setup", "s", 0.05, 0.001, 5));

  static final MigrationRecord.Request REQUEST = new MigrationRecord.Request("7.2", Accelerator.KVM, 1 << 25, 300, 60,
      false);

  /** Pages of each record: {zero, normal}. */
  static final long[][] MIX = {{100_000, 10_000}, {20_000, 60_000}, {60_000, 30_000}, {5_000, 5_000}};

  record ClosedForm() implements Predictor {
    @Override
    public List<HostCost> hostCosts() {
      return COSTS;
    }

    @Override
    public Prediction predict(MigrationRecord r, Path trace, Map<String, Double> costs) {
      int i = Integer.parseInt(r.guest().trace());
      double t = costs.get("setup") + MIX[i][0] / costs.get("scan_rate") + MIX[i][1] / costs.get("copy_rate");
      long bytes = MIX[i][0] * 9 + MIX[i][1] * 4104;
      return new Prediction(new Totals(t, bytes, MIX[i][1], MIX[i][0], 2, 0, 0, Double.NaN, true), List.of());
    }
  }

  static List<Calibration.Case> cases(Map<String, Double> truth) {
    List<Calibration.Case> out = new ArrayList<>();
    for (int i = 0; i < MIX.length; i++) {
      MigrationRecord shape = new MigrationRecord(Path.of("r" + i + ".json"), "w", REQUEST,
          new MigrationRecord.Guest(Integer.toString(i), 0, 1, MeasuredGuestSpeed.NONE, 1 << 29, 4096),
          new Totals(0, 0, 0, 0, 0, 0, 0, 0, true), List.of(), null);
      Totals real = new ClosedForm().predict(shape, null, truth).totals();
      out.add(new Calibration.Case(new MigrationRecord(shape.file(), "w", REQUEST, shape.guest(), real, List.of(),
          null), Path.of("t" + i)));
    }
    return out;
  }

  @Test
  void recoversCostsOnTheGridInEveryFold() throws Exception {
    // scan_rate 4x the default (k = 16), copy_rate half (k = -8), setup 2^(3/8) x (k = 3)
    Map<String, Double> truth = Map.of("scan_rate", 400_000.0, "copy_rate", 10_000.0,
        "setup", 0.05 * Math.pow(2, 3 / 8.0));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      ClosedForm model = new ClosedForm();
      Calibration.Result r = new Calibration(model, cases(truth), pool).leaveOneOut();
      for (Calibration.Fit f : concat(r.all(), r.folds())) {
        for (HostCost c : COSTS) {
          assertEquals(truth.get(c.name()), f.costs().get(c.name()), truth.get(c.name()) * 1e-9, c.name() + " " + f);
        }
        assertEquals(0, f.loss(), 1e-20);
      }
      assertEquals(MIX.length, r.folds().size());
      ExecutorService one = Executors.newFixedThreadPool(1);
      try {
        Calibration.Result again = new Calibration(new ClosedForm(), cases(truth), one).leaveOneOut();
        assertEquals(r, again, "same result with one thread");
      } finally {
        one.shutdownNow();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSingleRecordIsPredictedWithTheDefaults() throws Exception {
    Map<String, Double> truth = Map.of("scan_rate", 400_000.0, "copy_rate", 10_000.0, "setup", 0.05);
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      Calibration.Result r = new Calibration(new ClosedForm(), cases(truth).subList(0, 1), pool).leaveOneOut();
      // with nothing else to fit on, the held-out record gets the defaults, not costs fitted on itself
      assertEquals(Map.of("scan_rate", 100_000.0, "copy_rate", 20_000.0, "setup", 0.05), r.folds().get(0).costs());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void lossCountsAWrongVerdictAsAWholeError() {
    Totals real = new Totals(10, 1000, 1, 1, 2, 10, 0, 0.2, true);
    assertEquals(0.0, FitLoss.loss(real, real));
    // time +10 %, transferred -20 %, downtime +50 % weighing half: 0.01 + 0.04 + 0.125
    assertEquals(0.175, FitLoss.loss(real, new Totals(11, 800, 1, 1, 2, 10, 0, 0.3, true)), 1e-12);
    // a 2 ms downtime is compared relative to 10 ms: 4 ms is 20 % of that too long, weighing half: 0.02
    Totals quick = new Totals(10, 1000, 1, 1, 2, 10, 0, 0.002, true);
    assertEquals(0.02, FitLoss.loss(quick, new Totals(10, 1000, 1, 1, 2, 10, 0, 0.004, true)), 1e-12);
    // a wrong verdict counts 1; downtime is compared only when both completed
    assertEquals(1.0, FitLoss.loss(real, new Totals(10, 1000, 1, 1, 2, 0, 0, 0, false)), 1e-12);
  }

  @Test
  void describeNamesEachCostAndItsRangeOverTheFolds() {
    Calibration.Fit all = new Calibration.Fit(Map.of("scan_rate", 4e5, "copy_rate", 1e4, "setup", 0.05), 0);
    Calibration.Fit other = new Calibration.Fit(Map.of("scan_rate", 5e5, "copy_rate", 1e4, "setup", 0.05), 0);
    assertEquals("fitted on all 2 records: scan_rate=4.000e+05 pages/s, copy_rate=1.000e+04 pages/s, setup=0.05000 s; "
        + "leave-one-out folds: scan_rate 4.000e+05..5.000e+05, copy_rate 1.000e+04, setup 0.05000",
        CalibrationText.describe(COSTS, new Calibration.Result(all, List.of(all, other))));
  }

  static List<Calibration.Fit> concat(Calibration.Fit a, List<Calibration.Fit> b) {
    List<Calibration.Fit> out = new ArrayList<>(List.of(a));
    out.addAll(b);
    return out;
  }
}
