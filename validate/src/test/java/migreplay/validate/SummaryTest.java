package migreplay.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import migreplay.replay.qemu.MeasuredGuestSpeed;
import org.junit.jupiter.api.Test;

/** Errors, percentiles and the verdict line. */
class SummaryTest {
  static Validation.Row row(Totals real, Totals model) {
    MigrationRecord r = new MigrationRecord(Path.of("r.json"), "w",
        new MigrationRecord.Request("7.2", Accelerator.KVM, 1 << 25, 300, 60, false),
        new MigrationRecord.Guest("t", 0, 1, MeasuredGuestSpeed.NONE, 1 << 29, 4096), real, List.of(), null);
    return new Validation.Row(r, Path.of("t"), new Prediction(model, List.of()), Map.of());
  }

  static Totals t(double time, long bytes, boolean converged) {
    return new Totals(time, bytes, 100, 50, 3, converged ? 4104 : 0, 0, converged ? 0.1 : 0, converged);
  }

  @Test
  void errorsAreRelativeAndSigned() {
    Totals real = new Totals(10, 1000, 200, 0, 4, 0, 0, Double.NaN, true);
    Totals model = new Totals(9, 1100, 150, 7, 4, 0, 0, 0.2, true);
    assertEquals(-0.1, Metric.TOTAL_TIME_S.error(real, model), 1e-12);
    assertEquals(0.1, Metric.TRANSFERRED_BYTES.error(real, model), 1e-12);
    assertEquals(-0.25, Metric.NORMAL_PAGES.error(real, model), 1e-12);
    assertEquals(Double.NaN, Metric.ZERO_PAGES.error(real, model), "real 0, model 7: no relative error");
    assertEquals(0.0, Metric.DOWNTIME_BYTES.error(real, model), "both 0");
    assertEquals(Double.NaN, Metric.DOWNTIME_S.error(real, model), "the record does not say");
  }

  @Test
  void percentilesInterpolateBetweenRanks() {
    double[] v = {0.01, 0.02, 0.03, 0.04, 0.10};
    assertEquals(0.03, Summary.percentile(v, 0.5), 1e-12);
    // rank 0.9 x 4 = 3.6: 0.04 + 0.6 x (0.10 - 0.04)
    assertEquals(0.076, Summary.percentile(v, 0.9), 1e-12);
    assertEquals(0.05, Summary.percentile(new double[] {0.05}, 0.9));
  }

  @Test
  void verdictsAndToleranceDecideTheOutcome() {
    // time errors 2 %, 4 %, 10 %: p50 4 %, p90 4 + 0.8 x 6 = 8.8 %; transferred 1 %, 1 %, 3 %: p90 2.6 %
    List<Validation.Row> rows = List.of(row(t(10, 1000, true), t(10.2, 1010, true)),
        row(t(10, 1000, true), t(9.6, 990, true)), row(t(60, 1000, false), t(66, 1030, false)));
    Summary s = Summary.of(rows);
    assertEquals("3 records, 3/3 convergence verdicts right; |error| of total time p50 4.0% p90 8.8%, of "
        + "transferred p50 1.0% p90 2.6%", s.line());
    assertEquals(List.of(), s.failures(0.10));
    assertEquals(List.of("p90 |error| of total time 8.8% exceeds the tolerance 5.0%"), s.failures(0.05));
    Summary wrong = Summary.of(List.of(rows.get(0), row(t(60, 1000, false), t(20, 1000, true))));
    assertEquals(1, wrong.verdictsRight());
    assertEquals("1 convergence verdict(s) wrong", wrong.failures(10).get(0));
  }
}
