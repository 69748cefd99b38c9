package migreplay.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import migreplay.replay.params.Units;
import migreplay.replay.qemu.MeasuredGuestSpeed;
import org.junit.jupiter.api.Test;

/**
 * The fixed part of the downtime, measured per QEMU build from records with a small final pass, each record from
 * its build's other records only; and, without calibration, each record predicted with its build's.
 */
class StopTimesTest {
  static final double DEFAULT_STOP = 0.001;

  /** A record of {@code build} that completed with this downtime and final pass (or not, or through post-copy). */
  static Calibration.Case record(int i, String build, double downtimeS, long downtimeBytes, boolean converged,
      boolean postcopy) {
    MigrationRecord.Request q = new MigrationRecord.Request("7.2", Accelerator.KVM, 1 << 25, 300, 60, false,
        HoldBackRequest.NONE, postcopy ? 2.0 : Double.NaN, build);
    Totals real = new Totals(5, 200_000_000, 40_000, 90_000, 3, converged ? downtimeBytes : 0, 0,
        converged ? downtimeS : 0, converged);
    return new Calibration.Case(new MigrationRecord(Path.of("r" + i + ".json"), "w", q,
        new MigrationRecord.Guest(Integer.toString(i), 0, 1, MeasuredGuestSpeed.NONE, 1 << 29, 4096), real, List.of(),
        null), Path.of("t" + i));
  }

  /** Build X: three small passes (3, 2, 5 ms), a big one, one cancelled, one post-copy; build Y: one small pass. */
  static List<Calibration.Case> cases() {
    return List.of(
        record(0, "X", 0.003, 0, true, false),
        record(1, "X", 0.002, 0, true, false),
        record(2, "X", 0.005, 0, true, false),
        record(3, "X", 0.020, 10_000_000, true, false), // 10 MB: mostly its pass, measures nothing
        record(4, "X", 0, 0, false, false), // cancelled: no downtime
        record(5, "X", 0.050, 0, true, true), // post-copy: its downtime is the switch's
        record(6, "Y", 0.007, 0, true, false));
  }

  @Test
  void aRecordTakesTheMedianOfItsBuildsOtherSmallPassesNeverItsOwn() {
    StopTimes t = new StopTimes(cases(), new QemuPredictor(Units.bandwidthBps("40Gbit")), DEFAULT_STOP);
    assertTrue(t.measurable());
    assertEquals(new StopTimes.StopTime(0.0035, StopTimes.Source.OTHER_RECORDS), t.of(0)); // of 2 and 5 ms
    assertEquals(new StopTimes.StopTime(0.004, StopTimes.Source.OTHER_RECORDS), t.of(1)); // of 3 and 5
    assertEquals(new StopTimes.StopTime(0.0025, StopTimes.Source.OTHER_RECORDS), t.of(2)); // of 3 and 2
    for (int i : new int[] {3, 4, 5}) {
      assertEquals(new StopTimes.StopTime(0.003, StopTimes.Source.OTHER_RECORDS), t.of(i)); // of 3, 2 and 5
    }
    // Y's only record would measure itself: the default instead
    assertEquals(new StopTimes.StopTime(DEFAULT_STOP, StopTimes.Source.DEFAULT), t.of(6));
    assertEquals(List.of(new StopTimes.Build("X", 6, 3, 0.003, 0.0025, 0.004, 0),
        new StopTimes.Build("Y", 1, 1, 0.007, DEFAULT_STOP, DEFAULT_STOP, 1)), t.builds());
  }

  @Test
  void theFinalPassIsTakenOffAtTheModelsDefaultCosts() {
    // 1 MiB of normal pages: 255.5 pages at 1e6 pages/s (255.5 us) and 8 Mibit over 40 Gbit/s (209.7 us)
    Totals real = new Totals(5, 200_000_000, 40_000, 90_000, 3, 1 << 20, 0, 0.001, true);
    double pass = (1 << 20) / 4104.0 / 1e6 + (1 << 20) * 8 / 40e9;
    assertEquals(0.001 - pass, new QemuPredictor(Units.bandwidthBps("40Gbit")).stopCostS(real, 4096), 1e-12);
    assertTrue(pass < 0.0005, "a small pass is under half a millisecond: " + pass);
  }

  @Test
  void nothingToMeasureLeavesTheCostsAlone() {
    List<Calibration.Case> big = List.of(record(0, "X", 0.02, 10_000_000, true, false),
        record(1, "X", 0.03, 12_000_000, true, false));
    assertFalse(new StopTimes(big, new QemuPredictor(Units.bandwidthBps("40Gbit")), DEFAULT_STOP).measurable());
    // a model without a stop time among its costs (no default) measures none either
    assertFalse(new StopTimes(cases(), new QemuPredictor(Units.bandwidthBps("40Gbit")), Double.NaN).measurable());
  }

  /** Predicts a downtime of exactly the stop time it is given, to see which one each record ran with. */
  record StopOnly() implements Predictor {
    @Override
    public List<HostCost> hostCosts() {
      return List.of(new HostCost("normal_page_rate", "pages/s", 1e6, 1e4, 1e7),
          new HostCost(STOP_TIME, "s", DEFAULT_STOP, 100e-6, 1));
    }

    @Override
    public double stopCostS(Totals real, long pageSize) {
      return real.downtimeS();
    }

    @Override
    public Prediction predict(MigrationRecord r, Path trace, Map<String, Double> costs) {
      double stop = costs.getOrDefault(STOP_TIME, DEFAULT_STOP);
      return new Prediction(new Totals(5, 200_000_000, 40_000, 90_000, 3, 0, 0, stop, true), List.of());
    }
  }

  @Test
  void withoutCalibrationEachRecordRunsWithItsBuildsStopTimeOnTheGrid() throws Exception {
    List<Calibration.Case> cases = new ArrayList<>(cases());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Calibration cal = new Calibration(new StopOnly(), cases, pool);
      Calibration.Result r = cal.sharesOnly();
      double[] expected = {0.0035, 0.004, 0.0025, 0.003, 0.003, 0.003, DEFAULT_STOP};
      for (int i = 0; i < expected.length; i++) {
        Map<String, Double> costs = r.folds().get(i).fit().costs();
        double used = costs.get(Predictor.STOP_TIME);
        // on calibration's grid: within half a step (2^(1/128), 0.55 %) of the measured value
        assertEquals(expected[i], used, expected[i] * 0.0055, "record " + i);
        assertEquals(1e6, costs.get("normal_page_rate"), "the other costs stay at their defaults");
        assertEquals(used, cal.predict(i, costs).totals().downtimeS(), "record " + i + " ran with it");
      }
      assertEquals(2, cal.stopTimes().size());
    } finally {
      pool.shutdownNow();
    }
  }
}
