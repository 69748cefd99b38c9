package migreplay.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * zero pages scanned at 31,250/s, normal pages at 62,500/s, 40 ms setup, 4 ms syncs): every fold must find
 * those costs again, as far as the records can tell them apart, and every record must then be predicted
 * within 1 %. About a minute: 8 records of a 16 MiB guest, a few hundred replays.
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
  List<Path> records(QemuPredictor model, Map<String, Double> costs, Path... traces) throws Exception {
    List<Path> out = new ArrayList<>();
    for (Path t : traces) {
      for (long cap : new long[] {4L << 20, 16L << 20}) {
        for (long device : new long[] {4242, 20_000}) {
          String name = t.getFileName().toString().replace(".trace.arrow", "") + "-" + (cap >> 20) + "-" + device;
          MigrationRecord shape = new MigrationRecord(dir.resolve(name + ".json"), "synthetic",
              new MigrationRecord.Request("7.2", Accelerator.KVM, cap, 300, 60, false),
              new MigrationRecord.Guest(t.getFileName().toString(), 3.0, 0.6, MeasuredGuestSpeed.NONE,
                  (4096 + device) * 4096L, 4096), new Totals(0, 0, 0, 0, 0, 0, 0, 0, true), List.of(), null);
          Prediction p = model.predict(shape, t, costs);
          out.add(Records.write(shape.file(), Records.record(shape.guest().trace(), 3.0, 0.6, cap, 300, 60,
              false, shape.guest().ramTotalBytes(), p.totals(), p.series())));
        }
      }
    }
    return out;
  }

  @Test
  void recoversTheCostsTheRecordsWereMadeWith() throws Exception {
    QemuPredictor model = new QemuPredictor(Units.bandwidthBps("10Gbit")); // the records are made with it too
    Path hot = trace(dir.resolve("hot.trace.arrow"), 1, "hot:pages=400,p=0.5", "cold:rate=300");
    Path sweep = trace(dir.resolve("sweep.trace.arrow"), 2, "sweep:rate=1500", "hot:pages=100,p=0.9");
    Map<String, Double> truth = new LinkedHashMap<>();
    for (HostCost c : model.hostCosts()) {
      truth.put(c.name(), c.defaultValue());
    }
    truth.put("zero_page_rate", truth.get("zero_page_rate") / 64);
    truth.put("normal_page_rate", truth.get("normal_page_rate") / 16);
    truth.put("setup_time", truth.get("setup_time") * 4);
    truth.put("sync_time", truth.get("sync_time") * 4);
    List<Path> files = records(model, truth, hot, sweep);
    Validation.Outcome o = Validation.run(files, model, new Validation.Options(null, true, 2));
    List<Calibration.Fit> fits = new ArrayList<>(List.of(o.calibration().all()));
    fits.addAll(o.calibration().folds());
    for (Calibration.Fit f : fits) {
      String fit = CalibrationText.describe(o.hostCosts(), o.calibration());
      // the records pin the scan and copy rates and the setup to within a step of the fit's grid (1.1 %)
      for (String cost : List.of("zero_page_rate", "normal_page_rate", "setup_time")) {
        assertEquals(truth.get(cost), f.costs().get(cost), truth.get(cost) * 0.025, cost + ": " + fit);
      }
      // the final sync runs while the guest is stopped, so the records see the stop time and the last
      // sync's time mostly as their sum in the downtime
      assertEquals(truth.get("stop_time") + truth.get("sync_time"), f.costs().get("stop_time")
          + f.costs().get("sync_time"), 0.15 * (truth.get("stop_time") + truth.get("sync_time")), fit);
    }
    // every record predicted out of sample within 1 %
    Summary s = Summary.of(o.rows());
    assertEquals(8, s.verdictsRight(), s.line());
    for (Validation.Row r : o.rows()) {
      assertEquals(0, r.error(Metric.TOTAL_TIME_S), 0.01, r.record().name() + " " + r.costs());
      assertEquals(0, r.error(Metric.TRANSFERRED_BYTES), 0.01, r.record().name() + " " + r.costs());
    }
  }
}
