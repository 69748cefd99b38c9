package migreplay.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogGapTest {
  @TempDir Path dir;

  /**
   * 8 pages, epochs of 100 ms, guest time = host time, the migrate command at trace time 1.0 s (the setup sync
   * too). The polls say 6 pages were sent by host 0.5 s and none after, so (interpolated at each epoch's middle)
   * the cursor sends page 0 by 1.15 s, 1-2 by 1.25, 3 by 1.35, 4 by 1.45, 5 by 1.55; 6 and 7 stay pending.
   * The guest writes page 2 at 1.23 s (after its send at 1.25's step: the epoch's writes come after it),
   * 3 and 7 at 1.63 s, 5 at 1.73 s. The sync at 1.8 s: a perfect log holds 2, 3, 5, 7, and 7 is still
   * pending, so it would have found 3 new pages; QEMU reported 1.
   */
  @Test
  void aPerfectLogWouldHaveFoundTheWrittenPagesNotStillPending() throws IOException {
    Path trace = dir.resolve("t.trace.arrow");
    TraceMetadata m = TraceMetadata.builder().ramRanges(RamRanges.ofPages(8)).durationUs(3_000_000)
        .resolutionUs(100_000).hypervisor("kvm").workload("test").build();
    try (TraceWriter w = TraceWriter.create(trace, m)) {
      w.write(1_230_000, 2);
      w.write(1_630_000, 3);
      w.write(1_630_000, 7);
      w.write(1_730_000, 5);
    }
    ObjectNode r = Records.record("t.trace.arrow", 1.0, 1.0, 1 << 25, 300, 60, false, 8 * 4096,
        new Totals(2, 6 * 4104, 6, 0, 2, 0, 0, 0.01, true), List.of(new Sample(0.5, 6 * 4104, 2 * 4096),
            new Sample(2.0, 6 * 4104, 2 * 4096)));
    r.putArray("qemu_cmdline").add("qemu-system-x86_64").add("-m").add("512");
    ArrayNode drift = r.putArray("icount_drift_samples");
    drift.addArray().add(0.0).add(0.0);
    drift.addArray().add(10.0).add(0.0);
    ArrayNode syncs = r.putArray("bitmap_sync_pages");
    syncs.addObject().put("t_host_s", 0.0).put("t_in_trace_s", 1.0).put("pages", 0);
    syncs.addObject().put("t_host_s", 0.8).put("t_in_trace_s", 1.8).put("pages", 1);
    MigrationRecord rec = new RecordReader().read(Records.write(dir.resolve("r.json"), r));
    assertTrue(rec.request().lossyDirtyLog());
    assertEquals(new LogGap.Gap(1, 3), LogGap.measure(rec, trace));
  }

  /**
   * The same numbers as the Python twin on every shipped record: `python3 recorder/gap.py
   * traces/migrations/*.json` printed these found / expected sums (recorder/README.md's table).
   */
  @Test
  void matchesRecorderGapPyOnTheShippedRecords() throws IOException {
    Object[][] gapPy = {
        {"compress-128MiBps", 1437, 2461}, {"compress-32MiBps", 3793, 11646}, {"idle-128MiBps", 75, 81},
        {"idle-32MiBps", 92, 86}, {"kvstore-128MiBps", 861, 7210}, {"kvstore-32MiBps-ac", 3307, 19279},
        {"kvstore-32MiBps-dl30", 3037, 17865}, {"kvstore-32MiBps", 3125, 18942},
        {"memwriter-128MiBps-ac", 277954, 282514}, {"memwriter-128MiBps", 1185927, 1186743},
        {"memwriter-32MiBps-ac", 396221, 396193}, {"memwriter-32MiBps", 264129, 263640},
        {"webserver-128MiBps", 366, 1019}, {"webserver-32MiBps-dl30", 454, 1040}, {"webserver-32MiBps", 609, 1177},
        {"compress-32MiBps-dl30", 9057, 11960}, {"compress-64MiBps", 2192, 7722}, {"idle-64MiBps", 88, 162},
        {"kvstore-128MiBps-dl30", 1845, 10739}, {"kvstore-64MiBps-ac", 2923, 17201}, {"kvstore-64MiBps", 3087, 17630},
        {"memwriter-256MiBps", 220340, 207257}, {"memwriter-64MiBps", 705841, 706234},
        {"webserver-128MiBps-dl30", 481, 840}, {"webserver-64MiBps", 556, 856}};
    Path records = Path.of("..", "traces", "migrations");
    RecordReader reader = new RecordReader();
    TraceLocator locator = new TraceLocator(null);
    for (Object[] row : gapPy) {
      MigrationRecord r = reader.read(records.resolve(row[0] + ".json"));
      assertTrue(r.request().lossyDirtyLog(), row[0] + ": QEMU 7.2 under TCG");
      LogGap.Gap g = LogGap.measure(r, locator.locate(r));
      assertEquals(new LogGap.Gap((int) row[1], (int) row[2]), g, (String) row[0]);
    }
  }

  @Test
  void kvmAndQemu9RecordsHaveAnExactLog() throws IOException {
    ObjectNode r = Records.record("t.trace.arrow", 1.0, 1.0, 1 << 25, 300, 60, false, 8 * 4096,
        new Totals(2, 6 * 4104, 6, 0, 2, 0, 0, 0.01, true), List.of(new Sample(0.5, 6 * 4104, 0)));
    Files.writeString(dir.resolve("t.trace.arrow"), "");
    RecordReader reader = new RecordReader();
    assertFalse(reader.read(Records.write(dir.resolve("kvm.json"), r)).request().lossyDirtyLog());
    r.putArray("qemu_cmdline").add("qemu-system-x86_64").add("-machine").add("q35,accel=kvm");
    assertFalse(reader.read(Records.write(dir.resolve("kvm2.json"), r)).request().lossyDirtyLog());
    r.putArray("qemu_cmdline").add("qemu-kvm").add("-m").add("512");
    assertFalse(reader.read(Records.write(dir.resolve("kvm3.json"), r)).request().lossyDirtyLog());
    r.putArray("qemu_cmdline").add("qemu-system-x86_64").add("-accel").add("tcg");
    assertTrue(reader.read(Records.write(dir.resolve("tcg.json"), r)).request().lossyDirtyLog());
    r.put("qemu", "QEMU emulator version 9.2.0");
    MigrationRecord.Request tcg9 = reader.read(Records.write(dir.resolve("tcg9.json"), r)).request();
    assertEquals(Accelerator.TCG, tcg9.accelerator());
    assertFalse(tcg9.lossyDirtyLog(), "QEMU 9's log under TCG sees every write");
    r.remove("qemu_cmdline");
    r.put("qemu", "QEMU emulator version 7.2.22");
    MigrationRecord none = reader.read(Records.write(dir.resolve("none.json"), r));
    assertEquals(Accelerator.UNKNOWN, none.request().accelerator());
    assertFalse(none.request().lossyDirtyLog());
    assertNull(none.syncs());
  }

  /**
   * Each shipped record is predicted with the share measured on the other records of its trace (gap.py's sums
   * above): kvstore-128MiBps with the other six kvstore records' sums, 17324 / 101656; idle-128MiBps with
   * (92 + 88) / (86 + 162). And the shipped records' convergence verdicts all come out right.
   */
  @Test
  void aHeldOutRecordsShareComesFromTheOtherRecordsOfItsTrace() throws IOException {
    // the 25 records of stock QEMU: the patched QEMU's (*-exact*) would add their syncs to the sums below
    List<Path> files = RecordReader.expand(List.of(Path.of("..", "traces", "migrations"))).stream()
        .filter(f -> !f.getFileName().toString().contains("-exact")).toList();
    assertEquals(25, files.size());
    Validation.Outcome o = Validation.run(files, new QemuPredictor(migreplay.replay.params.Units.bandwidthBps(
        QemuPredictor.DEFAULT_WIRE)), new Validation.Options(null, false, 2));
    java.util.Map<String, Double> share = new java.util.HashMap<>();
    for (Validation.Row r : o.rows()) {
      share.put(r.record().name(), r.costs().get(Predictor.LOG_SHARE));
      assertEquals(r.real().converged(), r.model().totals().converged(), r.record().name());
    }
    assertEquals(Math.round(17324 / 101656.0 * 1e6) / 1e6, share.get("kvstore-128MiBps"));
    assertEquals(Math.round(180 / 248.0 * 1e6) / 1e6, share.get("idle-128MiBps"));
    assertEquals(Math.round(163 / 243.0 * 1e6) / 1e6, share.get("idle-32MiBps"));
    assertEquals(Math.round((3793 + 9057 + 2192) / (11646.0 + 11960 + 7722) * 1e6) / 1e6, share.get("compress-128MiBps"));
    // memwriter-256MiBps's syncs found more than a perfect log would have (1.063: the trace is another run), so
    // memwriter-64MiBps's share from the others is capped at 1
    assertEquals(1.0, share.get("memwriter-64MiBps"));
    assertTrue(CalibrationText.describeShares(o.logShares()).contains(
        "kvstore 0.1670 (held out: 0.1655..0.1704 from the trace's other records)"),
        CalibrationText.describeShares(o.logShares()));
  }

  /**
   * A record alone on its trace takes the share its own syncs found (said so: the share is then in sample),
   * and one without sync counts the model's default.
   */
  @Test
  void aRecordAloneOnItsTraceTakesItsOwnSharesOrTheDefault() throws IOException {
    Path kv = Path.of("..", "traces", "migrations", "kvstore-32MiBps.json");
    QemuPredictor model = new QemuPredictor(migreplay.replay.params.Units.bandwidthBps(QemuPredictor.DEFAULT_WIRE));
    Validation.Outcome alone = Validation.run(List.of(kv), model, new Validation.Options(null, false, 2));
    assertEquals(Math.round(3125 / 18942.0 * 1e6) / 1e6, alone.rows().get(0).costs().get(Predictor.LOG_SHARE));
    assertTrue(CalibrationText.describeShares(alone.logShares()).endsWith("kvstore 0.1650 (held out: 0.1650 from its "
        + "own syncs)"), CalibrationText.describeShares(alone.logShares()));
    ObjectNode bare = (ObjectNode) Records.JSON.readTree(kv.toFile());
    bare.remove("bitmap_sync_pages");
    bare.put("trace", kv.toAbsolutePath().getParent().resolve("../kvstore.trace.arrow").normalize().toString());
    Path copy = Records.write(dir.resolve("kv.json"), bare);
    Validation.Outcome none = Validation.run(List.of(copy), model, new Validation.Options(null, false, 2));
    assertEquals(model.defaultLogShare(), none.rows().get(0).costs().get(Predictor.LOG_SHARE));
    assertTrue(CalibrationText.describeShares(none.logShares()).endsWith("(held out: 0.5000 the default)"),
        CalibrationText.describeShares(none.logShares()));
  }
}
