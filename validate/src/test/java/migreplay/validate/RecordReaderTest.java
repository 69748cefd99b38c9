package migreplay.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import migreplay.replay.qemu.MeasuredGuestSpeed;
import migreplay.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading migration records (qemu-validation.md §4), and the one-line errors for bad ones. */
class RecordReaderTest {
  @TempDir Path dir;
  final RecordReader reader = new RecordReader();

  /** A converged 32 MiB/s migration of a 512 MiB pc guest, as the harness writes it (trimmed polls). */
  static final String COMPLETED = """
      {"workload": "kvstore", "qemu": "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18)",
       "qemu_cmdline": ["qemu-system-x86_64", "-m", "512"],
       "params": {"max_bandwidth_bytes_per_s": 33554432, "downtime_limit_ms": 300, "uri": "exec:cat > /dev/null",
                  "delay_after_start_marker_s": 2.0, "timeout_s": 60},
       "outcome": "completed",
       "final_query_migrate": {"status": "completed", "total-time": 4817, "downtime": 93, "setup-time": 6,
         "ram": {"total": 554246144, "transferred": 160733402, "normal": 38843, "duplicate": 96682,
                 "dirty-sync-count": 3, "downtime-bytes": 1190160, "remaining": 0, "page-size": 4096}},
       "series": [
         {"t_host_s": 0.0, "status": "setup"},
         {"t_host_s": 0.1, "status": "active", "dirty_sync_count": 1, "transferred": 3358904, "remaining": 549822464,
          "dirty_pages_rate": 0, "normal": 818, "duplicate": 3, "expected_downtime": 300},
         {"t_host_s": 2.5, "status": "active", "dirty_sync_count": 1, "transferred": 83969352, "remaining": 280756224,
          "dirty_pages_rate": 0, "normal": 20450, "duplicate": 40000, "expected_downtime": 300}],
       "guest_time_per_host_second_during_migration": 0.61,
       "icount_drift_samples": [[0.0, 1200.0], [4.8, 3072.0]],
       "start_marker_guest_uptime_s": 31.5,
       "trace": "../kvstore.trace.arrow",
       "start_in_trace_s": 2.1}
      """;

  Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void readsAPostcopyRecord() throws Exception {
    // recorder/migrate.sh --postcopy-after 20: the postcopy object and the post-copy counters of query-migrate
    String postcopy = COMPLETED.replace("\"dirty-sync-count\": 3,", "\"dirty-sync-count\": 3, \"postcopy-bytes\": 231613423, "
        + "\"postcopy-requests\": 93,").replace("\"start_in_trace_s\": 2.1}", "\"start_in_trace_s\": 2.1, \"postcopy\": "
        + "{\"start_after_s\": 20.0, \"requested_at_host_s\": 20.003, \"destination_final_query_migrate\": "
        + "{\"status\": \"completed\", \"postcopy-blocktime\": 88, \"postcopy-vcpu-blocktime\": [88]}}}");
    MigrationRecord r = reader.read(file("pc.json", postcopy));
    assertTrue(r.request().postcopy());
    assertEquals(20.0, r.request().postcopyAfterS());
    assertEquals(new Totals(4.817, 160733402, 38843, 96682, 3, 1190160, 0, 0.093, true, 0.006, Double.NaN, 231613423, 93, 0.088),
        r.real());
    // a pre-copy record: no post-copy, its counters 0
    MigrationRecord pre = reader.read(file("pre.json", COMPLETED));
    assertFalse(pre.request().postcopy());
    assertEquals(0, pre.real().postcopyRequests());
    assertEquals(0.0, pre.real().faultWaitS());
  }

  @Test
  void readsACompletedRecord() throws Exception {
    MigrationRecord r = reader.read(file("kv-32.json", COMPLETED));
    assertEquals("kv-32", r.name());
    assertEquals("kvstore", r.workload());
    assertEquals("7.2", r.request().qemuVersion());
    assertEquals(Accelerator.TCG, r.request().accelerator());
    assertEquals("../kvstore.trace.arrow", r.guest().trace());
    assertEquals(2.1, r.guest().startInTraceS());
    assertEquals(0.61, r.guest().speed());
    assertEquals(33554432, r.request().maxBandwidthBytesPerS());
    assertEquals(300, r.request().downtimeLimitMs());
    assertEquals(60.0, r.request().timeoutS());
    assertFalse(r.request().autoConverge());
    assertEquals(554246144, r.guest().ramTotalBytes());
    assertEquals(4096, r.guest().pageSize());
    assertEquals(new Totals(4.817, 160733402, 38843, 96682, 3, 1190160, 0, 0.093, true, 0.006), r.real());
    // the setup poll has no RAM counters and is left out
    assertEquals(List.of(new Sample(0.1, 3358904, 549822464), new Sample(2.5, 83969352, 280756224)), r.series());
    assertEquals(60.0, r.modelTimeoutS(), "a converged run is cancelled by the model at the harness's timeout");
  }

  @Test
  void pollsWithoutRamCountersAreAcceptedTheirTimesKeptInOrder() throws Exception {
    // QEMU's query-migrate has no ram object while the migration is in setup; a harness other than ours writes
    // such a poll with its counters null (this one is what the first poll of another host's records looked like).
    String nulls = "{\"t_host_s\": 0.0, \"status\": \"setup\", \"dirty_sync_count\": null, \"transferred\": null, "
        + "\"remaining\": null, \"dirty_pages_rate\": null, \"normal\": null, \"duplicate\": null}";
    MigrationRecord r = reader.read(file("nulls.json", COMPLETED.replace("{\"t_host_s\": 0.0, \"status\": \"setup\"}", nulls)));
    assertEquals(List.of(new Sample(0.1, 3358904, 549822464), new Sample(2.5, 83969352, 280756224)), r.series());
    // a poll without counters still has its place in time
    BadInputException e = assertThrows(BadInputException.class, () -> reader.read(file("late.json",
        COMPLETED.replace("{\"t_host_s\": 0.0, \"status\": \"setup\"}", "{\"t_host_s\": 0.3, \"status\": \"setup\"}"))));
    assertTrue(e.getMessage().contains("key 'series[1].t_host_s': expected times in increasing order (previous 0.3), "
        + "found 0.1"), e.getMessage());
  }

  @Test
  void aThrottledRunsSpeedIsMeasuredOverTimeAndItsGuestSpeedIsTheSpeedBeforeTheThrottle() throws Exception {
    ObjectNode n = (ObjectNode) Records.JSON.readTree(COMPLETED);
    n.put("guest_time_per_host_second_during_migration", 1.3); // whole migration, throttle included
    // drift (host - guest clock, ms): a sample before the migrate command (t < 0, ignored), then at 0.0, 1.0
    // and 2.0 s the guest gains 500 ms per host second, then (throttled from the 2.5 s poll) it loses ground
    n.putArray("icount_drift_samples").add(Records.JSON.createArrayNode().add(-1.0).add(9000))
        .add(Records.JSON.createArrayNode().add(0.0).add(10000))
        .add(Records.JSON.createArrayNode().add(1.0).add(9500))
        .add(Records.JSON.createArrayNode().add(2.0).add(9000))
        .add(Records.JSON.createArrayNode().add(3.0).add(9800));
    ((ObjectNode) n.path("series").get(2)).put("cpu_throttle_percentage", 20);
    // from 0.0 to 2.0 s: 2 host s − (9000 − 10000) ms = 3 guest s, so 1.5 guest s per host s
    MigrationRecord throttled = reader.read(file("throttled.json", n.toString()));
    assertEquals(1.5, throttled.guest().speed(), 1e-12);
    // and the speed between each two samples of the migration: 1.5, 1.5, then 1 − 0.8 = 0.2 from 2.0 s
    List<MeasuredGuestSpeed.Segment> seg = throttled.guest().measuredSpeed().segments();
    assertEquals(List.of(0.0, 1.0, 2.0), seg.stream().map(MeasuredGuestSpeed.Segment::fromS).toList());
    assertEquals(1.5, seg.get(0).speed(), 1e-12);
    assertEquals(1.5, seg.get(1).speed(), 1e-12);
    assertEquals(0.2, seg.get(2).speed(), 1e-12);

    // no poll shows a throttle: the record's speed as it is
    ((ObjectNode) n.path("series").get(2)).remove("cpu_throttle_percentage");
    MigrationRecord unthrottled = reader.read(file("unthrottled.json", n.toString()));
    assertEquals(1.3, unthrottled.guest().speed());
    assertEquals(MeasuredGuestSpeed.NONE, unthrottled.guest().measuredSpeed());

    // throttled from the first poll (0.1 s), with only one drift sample before it: the record's speed as it is
    ((ObjectNode) n.path("series").get(1)).put("cpu_throttle_percentage", 20);
    assertEquals(1.3, reader.read(file("early.json", n.toString())).guest().speed());
    assertEquals(MeasuredGuestSpeed.NONE, reader.read(file("early.json", n.toString())).guest().measuredSpeed());
  }

  @Test
  void cancelledRecordWithoutRamInItsLastReplyIsTakenFromItsLastPoll() throws Exception {
    ObjectNode n = (ObjectNode) Records.JSON.readTree(COMPLETED);
    n.put("outcome", RecordReader.NOT_CONVERGED);
    ObjectNode f = n.putObject("final_query_migrate");
    f.put("status", "cancelled");
    f.putObject("ram").put("total", 554246144);
    ((ObjectNode) n.get("params")).put("auto_converge", true);
    MigrationRecord r = reader.read(Records.write(dir.resolve("nc.json"), n));
    assertEquals(new Totals(2.5, 83969352, 20450, 40000, 1, 0, 280756224, 0, false), r.real());
    assertEquals(2.5, r.modelTimeoutS(), "a cancelled run is compared at its cancel time");
    assertTrue(r.request().autoConverge());
  }

  @Test
  void badRecordsNameTheFileAndTheKey() throws Exception {
    String missing = COMPLETED.replace("\"max_bandwidth_bytes_per_s\": 33554432, ", "");
    assertEquals(dir.resolve("a.json") + ": key 'params.max_bandwidth_bytes_per_s': expected a byte rate from 1 "
        + "to 1e12 B/s (1 TB/s), found nothing", message(file("a.json", missing)));
    assertEquals(dir.resolve("b.json") + ": key 'guest_time_per_host_second_during_migration': expected guest "
        + "seconds per host second from 0.001 to 1000, found \"fast\"", message(file("b.json", COMPLETED.replace("0.61", "\"fast\""))));
    assertEquals(dir.resolve("c.json") + ": key 'outcome': expected 'completed' or "
        + "'not-converged-cancelled-at-timeout', found \"failed\"",
        message(file("c.json", COMPLETED.replace("\"outcome\": \"completed\"", "\"outcome\": \"failed\""))));
    assertEquals(dir.resolve("d.json") + ": key 'final_query_migrate.ram.dirty-sync-count': expected an integer "
        + "from 0 to 2^53, found -3", message(file("d.json", COMPLETED.replace("\"dirty-sync-count\": 3", "\"dirty-sync-count\": -3"))));
    assertEquals(dir.resolve("e.json") + ": key 'trace': expected a string, found nothing",
        message(file("e.json", COMPLETED.replace("\"trace\":", "\"trace_file\":"))));
    assertEquals(dir.resolve("f.json") + ": key 'series[2].t_host_s': expected times in increasing order (previous "
        + "0.1), found 0.05", message(file("f.json", COMPLETED.replace("\"t_host_s\": 2.5", "\"t_host_s\": 0.05"))));
    String broken = message(file("g.json", COMPLETED.replace("\"outcome\": \"completed\",", "\"outcome\" \"completed\",")));
    assertTrue(broken.startsWith(dir.resolve("g.json") + ":5: not valid JSON ("), broken);
    assertEquals(dir.resolve("h.json") + ": expected a JSON object (a migration record)", message(file("h.json", "[1]")));
    String syncs = ",\n \"bitmap_sync_pages\": [{\"t_in_trace_s\": 2.1, \"pages\": 0}, "
        + "{\"t_in_trace_s\": 4.0, \"pages\": PAGES}]}";
    String withSyncs = COMPLETED.substring(0, COMPLETED.lastIndexOf('}')) + syncs;
    assertEquals(17, reader.read(file("s.json", withSyncs.replace("PAGES", "17"))).syncs().pagesFound());
    assertEquals(dir.resolve("i.json") + ": key 'bitmap_sync_pages[1].pages': expected an integer from 0 to 2^53, "
        + "found -1",
        message(file("i.json", withSyncs.replace("PAGES", "-1"))));
    assertEquals(dir.resolve("j.json") + ": key 'bitmap_sync_pages': expected a non-empty list of syncs, found 3",
        message(file("j.json", COMPLETED.substring(0, COMPLETED.lastIndexOf('}')) + ", \"bitmap_sync_pages\": 3}")));
    assertEquals(dir.resolve("k.json") + ": key 'icount_drift_samples': expected a non-empty list of [t_host_s, "
        + "drift_ms] (bitmap_sync_pages needs it), found nothing", message(file("k.json", withSyncs.replace("PAGES", "1")
            .replace("\"icount_drift_samples\": [[0.0, 1200.0], [4.8, 3072.0]],", ""))));
    assertEquals(dir.resolve("l.json") + ": key 'icount_drift_samples[1]': expected a pair [t_host_s, drift_ms], host "
        + "times increasing, found [4.8]", message(file("l.json", withSyncs.replace("PAGES", "1")
            .replace("[4.8, 3072.0]", "[4.8]"))));
  }

  @Test
  void theConnectTimeIsTheTracedSetupSyncLessSetupTime() throws Exception {
    // total-time counts from the migrate command, setup-time (6 ms here) from the migration thread's start; the
    // setup sync, traced at 20 ms after the command, ends setup: the thread started 14 ms after the command
    String head = COMPLETED.substring(0, COMPLETED.lastIndexOf('}'));
    String traced = head + ",\n \"bitmap_sync_pages\": [{\"t_host_s\": 0.02, \"t_in_trace_s\": 2.1, \"pages\": 0}]}";
    assertEquals(0.014, reader.read(file("c.json", traced)).real().connectTimeS(), 1e-12);
    // a sync traced before setup-time is over (the two clocks differ by a ms): 0, not negative
    assertEquals(0.0, reader.read(file("d.json", traced.replace("0.02,", "0.005,"))).real().connectTimeS());
    // without the sync's host time, the record does not say
    assertTrue(Double.isNaN(reader.read(file("e.json", COMPLETED)).real().connectTimeS()));
  }

  @Test
  void theBuildIsTheQemuLineWithoutItsPrefix() throws Exception {
    MigrationRecord.Request q = reader.read(file("b.json", COMPLETED)).request();
    assertEquals("7.2", q.qemuVersion());
    assertEquals("7.2.22 (Debian 1:7.2+dfsg-7+deb12u18)", q.build()); // what its stop time is measured per
    // with its host named, per build and host
    String named = COMPLETED.replace("\"workload\": \"kvstore\",", "\"workload\": \"kvstore\", \"host\": {\"name\": "
        + "\"compute-12\", \"nproc\": 2},");
    assertEquals("7.2.22 (Debian 1:7.2+dfsg-7+deb12u18) on compute-12", reader.read(file("h.json", named)).request().build());
    assertEquals(dir.resolve("i.json") + ": key 'host.name': expected the host's name (printable, at most 255 "
        + "characters), found \"a\\u0007b\"", message(file("i.json", named.replace("compute-12", "a\\u0007b"))));
    assertEquals(dir.resolve("j.json") + ": key 'host.name': expected a string, found 12",
        message(file("j.json", named.replace("\"compute-12\"", "12"))));
  }

  @Test
  void aPatchedQemusHoldBackIsReadAndBadValuesNameTheirKey() throws Exception {
    assertEquals(HoldBackRequest.NONE, reader.read(file("stock.json", COMPLETED)).request().holdBack());
    String patched = COMPLETED.replace("\"timeout_s\": 60}", "\"timeout_s\": 60, \"hot_policy\": \"consecutive:2\", "
        + "\"hot_from_sync\": 3, \"hot_pending\": \"counted\", \"tcg_dirty_sync_fix\": true}");
    MigrationRecord r = reader.read(file("p.json", patched));
    assertEquals(new HoldBackRequest("consecutive:2", 3, "counted", true), r.request().holdBack());
    assertTrue(r.request().holdBack().active());
    assertEquals(dir.resolve("q.json") + ": key 'params.hot_policy': expected none, paper or consecutive:K with K from "
        + "1 to 255, found \"consecutive:0\"", message(file("q.json", patched.replace("consecutive:2", "consecutive:0"))));
    assertEquals(dir.resolve("r.json") + ": key 'params.hot_from_sync': expected a sync count from 2 to 2147483647 "
        + "(1 is the setup sync), found 1", message(file("r.json", patched.replace("\"hot_from_sync\": 3",
            "\"hot_from_sync\": 1"))));
    assertEquals(dir.resolve("s.json") + ": key 'params.hot_pending': expected excluded or counted, found \"maybe\"",
        message(file("s.json", patched.replace("\"counted\"", "\"maybe\""))));
    assertEquals(dir.resolve("t.json") + ": key 'params.tcg_dirty_sync_fix': expected true or false, found \"yes\"",
        message(file("t.json", patched.replace("\"tcg_dirty_sync_fix\": true", "\"tcg_dirty_sync_fix\": \"yes\""))));
  }

  private String message(Path p) {
    BadInputException e = assertThrows(BadInputException.class, () -> reader.read(p));
    assertFalse(e.getMessage().contains("\n"), "one line");
    return e.getMessage();
  }

  @Test
  void directoriesExpandToTheirJsonFilesByName() throws Exception {
    Path recs = Files.createDirectories(dir.resolve("migrations"));
    Files.writeString(recs.resolve("b.json"), "{}");
    Files.writeString(recs.resolve("a.json"), "{}");
    Files.writeString(recs.resolve("notes.md"), "");
    Path single = file("c.json", "{}");
    assertEquals(List.of(recs.resolve("a.json"), recs.resolve("b.json"), single),
        RecordReader.expand(List.of(recs, single)));
    assertThrows(NoSuchFileException.class, () -> RecordReader.expand(List.of(dir.resolve("nope"))));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThrows(BadInputException.class, () -> RecordReader.expand(List.of(empty)));
  }

  @Test
  void tracesResolveAgainstTheRecordThenTheTracesDirectory() throws Exception {
    Path recs = Files.createDirectories(dir.resolve("traces/migrations"));
    Path kv = Files.writeString(dir.resolve("traces/kvstore.trace.arrow"), "");
    Path other = Files.createDirectories(dir.resolve("elsewhere"));
    Path idle = Files.writeString(other.resolve("idle.trace.arrow"), "");
    MigrationRecord relative = reader.read(Records.write(recs.resolve("kv.json"),
        (ObjectNode) Records.JSON.readTree(COMPLETED)));
    assertEquals(kv, new TraceLocator(null).locate(relative));
    ObjectNode byName = (ObjectNode) Records.JSON.readTree(COMPLETED);
    byName.put("trace", "idle");
    MigrationRecord named = reader.read(Records.write(recs.resolve("idle.json"), byName));
    assertEquals(idle, new TraceLocator(other).locate(named));
    BadInputException e = assertThrows(BadInputException.class, () -> new TraceLocator(null).locate(named));
    assertEquals(recs.resolve("idle.json") + ": key 'trace': expected a trace file, found no 'idle' in " + recs
        + " (give --traces DIR to look in a traces directory too)", e.getMessage());
  }

  @Test
  void aRecordFileHoldsOneObjectAndEachKeyOnce() throws Exception {
    String two = message(file("two.json", COMPLETED + COMPLETED));
    assertTrue(two.contains("not valid JSON (more after the record's object: a record file holds one JSON object)"), two);
    assertTrue(message(file("dup.json", COMPLETED.replace("{\"workload\": \"kvstore\",",
        "{\"workload\": \"kvstore\", \"workload\": \"other\","))).contains("Duplicate field 'workload'"));
  }

  @Test
  void aKvmProgramIsNeverGivenTheTcgLog() throws Exception {
    for (String program : List.of("qemu-kvm", "/usr/bin/kvm", "/usr/libexec/qemu-kvm")) {
      MigrationRecord r = reader.read(file("kvm.json", COMPLETED.replace("\"qemu-system-x86_64\"", "\"" + program + "\"")));
      assertEquals(Accelerator.KVM, r.request().accelerator(), program);
      assertFalse(r.request().lossyDirtyLog(), program);
    }
    MigrationRecord wrapped = reader.read(file("sh.json", COMPLETED.replace("[\"qemu-system-x86_64\", \"-m\", \"512\"]",
        "[\"/opt/start-vm.sh\", \"-m\", \"512\"]")));
    assertEquals(Accelerator.UNKNOWN, wrapped.request().accelerator());
    assertFalse(wrapped.request().lossyDirtyLog(), "a record that does not say TCG gets the exact log");
  }
}
