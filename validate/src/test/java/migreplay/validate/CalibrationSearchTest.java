package migreplay.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  static final long[][] MIX = {{100_000, 10_000}, {20_000, 60_000}, {60_000, 30_000}, {5_000, 5_000},
      {40_000, 40_000}, {80_000, 2_000}};

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
        assertEquals(List.of(), f.leftOut());
      }
      assertEquals(MIX.length, r.folds().size());
      assertTrue(r.folds().stream().noneMatch(Calibration.Fold::fellBack), r.toString());
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
      assertEquals(Map.of("scan_rate", 100_000.0, "copy_rate", 20_000.0, "setup", 0.05), r.folds().get(0).fit().costs());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void oneOutlierAndOneWrongVerdictDoNotMoveTheFitAndNoFoldIsWorseThanTheDefaults() throws Exception {
    // The six records at the truth, plus r6: the mix of r0 on a host that stalled (3 x its time), and r7: the
    // mix of r1 that did not converge (cancelled at 60 s) where the model converges.
    Map<String, Double> truth = Map.of("scan_rate", 400_000.0, "copy_rate", 10_000.0,
        "setup", 0.05 * Math.pow(2, 3 / 8.0));
    List<Calibration.Case> cases = new ArrayList<>(cases(truth));
    Totals r0 = cases.get(0).record().real();
    cases.add(withReal(6, 0, new Totals(3 * r0.totalTimeS(), r0.transferredBytes(), r0.normalPages(), r0.zeroPages(),
        2, 0, 0, Double.NaN, true)));
    Totals r1 = cases.get(1).record().real();
    cases.add(withReal(7, 1, new Totals(60, r1.transferredBytes(), r1.normalPages(), r1.zeroPages(), 9, 0, 4096,
        0, false)));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Calibration.Result r = new Calibration(new ClosedForm(), cases, pool).leaveOneOut();
      // the wrong verdict is left out of every fit; Cauchy's loss lets the 200 % outlier pull the costs by at most
      // two grid steps (2.2 %), where least squares would trade it against the others' errors at full weight
      assertEquals(List.of("r7"), r.all().leftOut());
      for (HostCost c : COSTS) {
        assertEquals(truth.get(c.name()), r.all().costs().get(c.name()), truth.get(c.name()) * 0.025, c.name());
      }
      // every fold predicts its held-out record at least as well as the defaults: the stalled record's fold
      // (costs near the truth predict 3 x too short, worse than the defaults' slower rates) falls back
      for (int i = 0; i < cases.size(); i++) {
        Calibration.Fold f = r.folds().get(i);
        Totals real = cases.get(i).record().real();
        double fitted = FitLoss.error(real, new ClosedForm().predict(cases.get(i).record(), null, f.fit().costs()).totals());
        double defaults = FitLoss.error(real, new ClosedForm().predict(cases.get(i).record(), null, DEFAULTS).totals());
        assertTrue(fitted <= defaults, f + ": " + fitted + " > " + defaults);
        assertEquals(i == 6, f.fellBack(), f.toString());
      }
      assertEquals(DEFAULTS, r.folds().get(6).fit().costs());
      assertTrue(CalibrationText.describe(COSTS, r).endsWith("; left out of the fit, their convergence verdict wrong "
          + "at the defaults: r7; 1 of 8 folds fell back to the defaults (their fitted costs predicted the held-out "
          + "record worse): r6"), CalibrationText.describe(COSTS, r));
    } finally {
      pool.shutdownNow();
    }
  }

  static final Map<String, Double> DEFAULTS = Map.of("scan_rate", 100_000.0, "copy_rate", 20_000.0, "setup", 0.05);

  /** Record {@code name} with the pages of {@code MIX[mix]} and the given end state. */
  static Calibration.Case withReal(int name, int mix, Totals real) {
    return new Calibration.Case(new MigrationRecord(Path.of("r" + name + ".json"), "w", REQUEST,
        new MigrationRecord.Guest(Integer.toString(mix), 0, 1, MeasuredGuestSpeed.NONE, 1 << 29, 4096), real,
        List.of(), null), Path.of("t" + name));
  }

  @Test
  void theErrorCountsAWrongVerdictAsAWholeError() {
    Totals real = new Totals(10, 1000, 1, 1, 2, 10, 0, 0.2, true);
    assertEquals(0.0, FitLoss.error(real, real));
    // time +10 %, transferred -20 %, downtime +50 % weighing half: 0.01 + 0.04 + 0.125
    assertEquals(0.175, FitLoss.error(real, new Totals(11, 800, 1, 1, 2, 10, 0, 0.3, true)), 1e-12);
    // a 2 ms downtime is compared relative to 10 ms: 4 ms is 20 % of that too long, weighing half: 0.02
    Totals quick = new Totals(10, 1000, 1, 1, 2, 10, 0, 0.002, true);
    assertEquals(0.02, FitLoss.error(quick, new Totals(10, 1000, 1, 1, 2, 10, 0, 0.004, true)), 1e-12);
    // a wrong verdict counts 1; downtime is compared only when both completed
    assertEquals(1.0, FitLoss.error(real, new Totals(10, 1000, 1, 1, 2, 0, 0, 0, false)), 1e-12);
  }

  @Test
  void theFitsLossIsRobustAndAWrongVerdictHasNoResiduals() {
    Totals real = new Totals(10, 1000, 1, 1, 2, 10, 0, 0.2, true);
    double c = FitLoss.SCALE;
    // a 1 % error counts nearly as its square; a 300 % error as c^2 ln(1 + (3 / c)^2) (0.068 at c = 0.1), not 9
    double[] small = FitLoss.residuals(real, new Totals(10.1, 1000, 1, 1, 2, 10, 0, 0.2, true), c);
    assertEquals(0.01, small[0], 2e-4);
    assertEquals(0.0, small[1]);
    assertEquals(c * c * Math.log1p(9 / (c * c)),
        FitLoss.loss(real, new Totals(40, 1000, 1, 1, 2, 10, 0, 0.2, true), c), 1e-12);
    assertTrue(FitLoss.residuals(real, new Totals(9, 1000, 1, 1, 2, 10, 0, 0.2, true), c)[0] < 0, "signed");
    // a wrong verdict: no residual pulls the costs, the verdict still counts 1
    Totals cancelled = new Totals(60, 5000, 1, 1, 9, 0, 4096, 0, false);
    assertArrayEquals(new double[3], FitLoss.residuals(real, cancelled, c));
    assertEquals(1.0, FitLoss.loss(real, cancelled, c));
  }

  @Test
  void describeNamesEachCostItsRangeAndTheFolds() {
    Calibration.Fit all = new Calibration.Fit(Map.of("scan_rate", 4e5, "copy_rate", 1e4, "setup", 0.05), 0);
    Calibration.Fit other = new Calibration.Fit(Map.of("scan_rate", 5e5, "copy_rate", 1e4, "setup", 0.05), 0);
    Calibration.Result r = new Calibration.Result(all, List.of(new Calibration.Fold("a", all, "", null, false),
        new Calibration.Fold("b", other, "", null, false)), Map.of());
    assertEquals("fitted on all 2 records: scan_rate=4.000e+05 pages/s (range 1000..1.000e+07), copy_rate=1.000e+04 "
        + "pages/s (range 1000..1.000e+06), setup=0.05000 s (range 0.001000..5.000); leave-one-out folds: scan_rate "
        + "4.000e+05..5.000e+05, copy_rate 1.000e+04, setup 0.05000; 0 of 2 folds fell back to the defaults (their "
        + "fitted costs predicted the held-out record worse)", CalibrationText.describe(COSTS, r));
  }

  static List<Calibration.Fit> concat(Calibration.Fit a, List<Calibration.Fold> b) {
    List<Calibration.Fit> out = new ArrayList<>(List.of(a));
    b.forEach(f -> out.add(f.fit()));
    return out;
  }
}
