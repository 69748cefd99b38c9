package migreplay.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import migreplay.replay.qemu.MeasuredGuestSpeed;
import migreplay.report.BrowserChecks;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validation.csv / .arrow columns and values, and index.html in a real headless browser, offline. */
class ValidationOutputTest {
  @TempDir Path dir;

  /** Two records: one converged (model 5 % slow), one cancelled at 30 s that the model also does not finish. */
  static Validation.Outcome outcome() {
    List<Sample> realSeries = new ArrayList<>();
    List<Sample> modelSeries = new ArrayList<>();
    for (int i = 0; i <= 40; i++) {
      double t = i * 0.1;
      realSeries.add(new Sample(t, (long) (t * 33.5e6), Math.max(0, 554_000_000L - (long) (t * 140e6))));
      modelSeries.add(new Sample(t * 1.05, (long) (t * 33e6), Math.max(0, 554_000_000L - (long) (t * 138e6))));
    }
    MigrationRecord converged = new MigrationRecord(Path.of("m/kv-32.json"), "kvstore",
        new MigrationRecord.Request("7.2", Accelerator.KVM, 33554432, 300, 60, false),
        new MigrationRecord.Guest("../kvstore.trace.arrow", 2.1, 0.61, MeasuredGuestSpeed.NONE, 554246144, 4096),
        new Totals(4.0, 134_000_000, 30_000, 100_000, 3, 1_190_160, 0, 0.1, true), realSeries, null);
    MigrationRecord cancelled = new MigrationRecord(Path.of("m/mw-32.json"), "memwriter",
        new MigrationRecord.Request("7.2", Accelerator.TCG, 33554432, 300, 30, false),
        new MigrationRecord.Guest("../memwriter.trace.arrow", 5, 0.5, MeasuredGuestSpeed.NONE, 554246144, 4096),
        new Totals(30.0, 1_000_000_000, 240_000, 90_000, 9, 0, 80_000_000, 0, false), realSeries, null);
    Map<String, Double> costs = Map.of("zero_scan_rate", 1e5, Predictor.STOP_TIME, 0.00284);
    Map<String, Double> tcgCosts = Map.of("zero_scan_rate", 1e5, Predictor.LOG_SHARE, 0.17);
    return new Validation.Outcome(List.of(
        new Validation.Row(converged, Path.of("kvstore.trace.arrow"), new Prediction(
            new Totals(4.2, 132_660_000, 29_000, 101_000, 3, 1_231_200, 0, 0.125, true), modelSeries), costs),
        new Validation.Row(cancelled, Path.of("memwriter.trace.arrow"), new Prediction(
            new Totals(30.0, 990_000_000, 238_000, 92_000, 10, 0, 60_000_000, 0, false), modelSeries), tcgCosts)),
        List.of(new HostCost("zero_scan_rate", "pages/s", 1e5, 1e3, 1e8)), null);
  }

  @Test
  void tablesHoldRealModelAndErrorPerMetric() throws Exception {
    Validation.Outcome o = outcome();
    ValidationOutput.write(dir, o, Summary.of(o.rows()), "m");
    List<String> csv = Files.readAllLines(dir.resolve("validation.csv"));
    List<String> header = new ArrayList<>(List.of("record", "trace", "converged_real", "converged_model"));
    for (Metric m : Metric.values()) {
      header.addAll(List.of(m.column() + "_real", m.column() + "_model", m.column() + "_error"));
    }
    header.addAll(List.of("max_bandwidth_bytes_per_s", "dirty_log", "tcg_log_share", "hot_policy", "hot_pending",
        "stop_time_s"));
    assertEquals(String.join(",", header), csv.get(0));
    // time (4.2 - 4) / 4 = +5 %; transferred (132.66 - 134) / 134 = -1 %; normal -1000/30000; zero +1 %;
    // syncs 0; downtime (1231200 - 1190160) / 1190160 = 41040/1190160; remaining 0 and 0: 0
    assertEquals("kv-32,../kvstore.trace.arrow,true,true,4,4.2," + (4.2 - 4) / 4 + ",134000000,132660000,-0.01,"
        + "30000,29000," + plain(-1000 / 30000.0) + ",100000,101000,0.01,3,3,0,1190160,1231200,"
        + plain(41040 / 1190160.0) + ",0,0,0,0.1,0.125," + plain((0.125 - 0.1) / 0.1)
        // pre-copy throughput: neither side says its setup time, so none; no post-copy: its bytes, requests and
        // wait 0; then the cap, 32 MiB/s
        // and the stop time it ran with
        + ",,,,0,0,0,0,0,0,0,0,0,33554432,exact,,none,excluded,0.00284", csv.get(1));
    // cancelled: downtime 0 on both sides (error 0); remaining 60 M against 80 M: -25 %
    assertTrue(csv.get(2).startsWith("mw-32,../memwriter.trace.arrow,false,false,30,30,0,1000000000,990000000,-0.01,"),
        csv.get(2));
    // QEMU 7.2 under TCG, predicted with the share of written pages its syncs found
    // downtime: neither completed, so no error
    assertTrue(csv.get(2).endsWith(",0,0,0,80000000,60000000,-0.25,0,0,,,,,0,0,0,0,0,0,0,0,0,33554432,tcg-7.2,0.17,"
        + "none,excluded,"),
        csv.get(2));
    try (BufferAllocator alloc = new RootAllocator();
         FileChannel ch = FileChannel.open(dir.resolve("validation.arrow"), StandardOpenOption.READ);
         ArrowFileReader r = new ArrowFileReader(ch, alloc)) {
      assertEquals(header, r.getVectorSchemaRoot().getSchema().getFields().stream().map(Field::getName).toList());
      r.loadNextBatch();
      assertEquals(2, r.getVectorSchemaRoot().getRowCount());
      assertEquals(-0.25, r.getVectorSchemaRoot().getVector("remaining_bytes_error").getObject(1));
    }
  }

  static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  @Test
  void pageLoadsOfflineAndDrawsOneChartPerRecord() throws Exception {
    if (!"true".equals(System.getenv("CI"))) {
      assumeTrue(BrowserChecks.available(), "chromium is not installed (apt-get install chromium)");
    }
    Validation.Outcome o = outcome();
    Path index = ValidationOutput.write(dir, o, Summary.of(o.rows()), "m");
    String html = Files.readString(index);
    assertTrue(html.contains("kv-32") && html.contains("+5.0%"), "table with the error");
    assertTrue(html.contains("tcg-7.2, 0.170") && html.contains(">exact<"), "each prediction's dirty log");
    BrowserChecks.Outcome load = BrowserChecks.load(index, dir.resolve("profile"));
    assertEquals(List.of(), load.problems());
    assertEquals(2, load.charts());
    Path shots = Files.createDirectories(Path.of("target/screenshots"));
    BrowserChecks.screenshot(index, shots.resolve("validation.png"), dir.resolve("profile2"));
    assertTrue(Files.size(shots.resolve("validation.png")) > 10_000);
  }
}
