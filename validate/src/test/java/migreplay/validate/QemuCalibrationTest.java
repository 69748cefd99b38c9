package migreplay.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import migreplay.ingest.synth.SyntheticTrace;
import migreplay.ingest.synth.WriterSpec;
import migreplay.replay.params.Units;
import migreplay.replay.qemu.MeasuredGuestSpeed;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leave-one-out calibration on records the model itself produced with known host costs (a slow TCG host:
 * zero pages scanned at 31,250/s, normal pages at 62,500/s, an 8 ms stop, a 44 ms setup the records carry), plus
 * two records no host cost explains: one whose host stalled (twice its time) and one that did not
 * converge where the model does (a wrong verdict, as QEMU 7.2's TCG log gave). Every fold must find the costs
 * again, as far as the records can tell them apart, every other record must then be predicted within 1.5 %, and no
 * fold may predict its held-out record worse than the defaults. About a minute: 8 records of a 16 MiB guest, a
 * few hundred replays.
 */
class QemuCalibrationTest {
  @TempDir Path dir;

  static Path trace(Path file, long seed, String... writers) throws Exception {
    List<WriterSpec> specs = new ArrayList<>();
    for (String w : writers) {
      specs.add(WriterSpec.parse(w));
    }
    new SyntheticTrace(RamRanges.ofPages(4096), 60_000_000, 10_000, seed, specs).write(file,
        TraceMetadata.builder().hypervisor("qemu-tcg").workload("synthetic"), e -> {});
    return file;
  }

  /**
   * One record per (trace, max-bandwidth, device memory), written as the harness would from the model's run
   * (times in whole ms): a pc machine's 4,242 device pages, or 20,000 (a large, mostly zero video memory), so
   * that the records disagree on how many zero pages the scan rate applies to.
   */
  List<Path> records(QemuPredictor model, Map<String, Double> costs, double setupS, Path... traces) throws Exception {
    List<Path> out = new ArrayList<>();
    for (Path t : traces) {
      for (long cap : new long[] {4L << 20, 16L << 20}) {
        for (long device : new long[] {4242, 20_000}) {
          String name = t.getFileName().toString().replace(".trace.arrow", "") + "-" + (cap >> 20) + "-" + device;
          MigrationRecord shape = new MigrationRecord(dir.resolve(name + ".json"), "synthetic",
              new MigrationRecord.Request("7.2", Accelerator.KVM, cap, 300, 60, false),
              new MigrationRecord.Guest(t.getFileName().toString(), 3.0, 0.6, MeasuredGuestSpeed.NONE,
                  (4096 + device) * 4096L, 4096), new Totals(0, 0, 0, 0, 0, 0, 0, 0, true, setupS), List.of(), null);
          Prediction p = model.predict(shape, t, costs);
          out.add(Records.write(shape.file(), Records.record(shape.guest().trace(), 3.0, 0.6, cap, 300, 60,
              false, shape.guest().ramTotalBytes(), p.totals(), p.series())));
        }
      }
    }
    return out;
  }

  @Test
  void recoversTheCostsDespiteTwoOutliersAndNoFoldIsWorseThanTheDefaults() throws Exception {
    QemuPredictor model = new QemuPredictor(Units.bandwidthBps("10Gbit")); // the records are made with it too
    Path hot = trace(dir.resolve("hot.trace.arrow"), 1, "hot:pages=400,p=0.5", "cold:rate=300");
    Path sweep = trace(dir.resolve("sweep.trace.arrow"), 2, "sweep:rate=1500", "hot:pages=100,p=0.9");
    Map<String, Double> truth = new LinkedHashMap<>();
    for (HostCost c : model.hostCosts()) {
      truth.put(c.name(), c.defaultValue());
    }
    truth.put("zero_page_rate", truth.get("zero_page_rate") / 64);
    truth.put("normal_page_rate", truth.get("normal_page_rate") / 16);

    truth.put("stop_time", truth.get("stop_time") * 8);
    List<Path> files = records(model, truth, 0.044, hot, sweep);
    // the outliers: hot-16-4242's host stalled (twice the time), sweep-16-4242 was cancelled at 30 s unconverged
    Path stalled = files.get(2);
    Path wrong = files.get(6);
    ObjectNode st = (ObjectNode) Records.JSON.readTree(stalled.toFile());
    ObjectNode stEnd = (ObjectNode) st.get("final_query_migrate");
    stEnd.put("total-time", 2 * stEnd.path("total-time").asLong());
    Records.write(stalled, st);
    ObjectNode wr = (ObjectNode) Records.JSON.readTree(wrong.toFile());
    wr.put("outcome", RecordReader.NOT_CONVERGED);
    ObjectNode wrEnd = (ObjectNode) wr.get("final_query_migrate");
    wrEnd.put("status", "active").put("total-time", 30_000).remove("downtime");
    ((ObjectNode) wrEnd.get("ram")).put("remaining", 1 << 22).put("downtime-bytes", 0);
    Records.write(wrong, wr);

    Validation.Outcome o = Validation.run(files, model, new Validation.Options(null, true, 2));
    Calibration.Result cal = o.calibration();
    String fit = CalibrationText.describe(o.hostCosts(), cal);
    assertEquals(List.of("sweep-16-4242"), cal.all().leftOut(), fit);
    List<Calibration.Fit> fits = new ArrayList<>(List.of(cal.all()));
    cal.folds().stream().filter(f -> !f.fellBack()).forEach(f -> fits.add(f.fit()));
    for (Calibration.Fit f : fits) {
      // the records pin the scan and copy rates to within a few percent (their downtimes, in whole ms, are 3-5 %
      // off at 10-15 ms, and the stalled record still pulls a little), and the stop (the downtime but the final
      // pass) to within their whole ms
      for (String cost : List.of("zero_page_rate", "normal_page_rate")) {
        assertEquals(truth.get(cost), f.costs().get(cost), truth.get(cost) * 0.07, cost + ": " + fit);
      }
      assertEquals(truth.get("stop_time"), f.costs().get("stop_time"), truth.get("stop_time") * 0.15, fit);
    }
    for (int i = 0; i < files.size(); i++) {
      Validation.Row r = o.rows().get(i);
      Calibration.Fold fold = cal.folds().get(i);
      // never worse than the defaults on a held-out record
      Prediction defaults = model.predict(r.record(), r.trace(), Map.of());
      assertTrue(FitLoss.error(r.real(), r.model().totals()) <= FitLoss.error(r.real(), defaults.totals()),
          r.record().name() + " " + fold);
      if (!files.get(i).equals(stalled) && !files.get(i).equals(wrong)) {
        // every other record predicted out of sample within 1.5 % (the rates are a few percent off, above)
        assertEquals(0, r.error(Metric.TOTAL_TIME_S), 0.015, r.record().name() + " " + r.costs());
        assertEquals(0, r.error(Metric.TRANSFERRED_BYTES), 0.015, r.record().name() + " " + r.costs());
      }
    }
    Summary s = Summary.of(o.rows());
    assertEquals(7, s.verdictsRight(), s.line()); // all but the wrong verdict
  }
}
