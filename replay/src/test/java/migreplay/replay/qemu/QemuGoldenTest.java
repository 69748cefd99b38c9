package migreplay.replay.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import migreplay.results.RoundResult;
import migreplay.replay.engine.RunOptions;
import migreplay.results.RunResult;
import migreplay.replay.engine.TraceEnd;
import migreplay.trace.PageSet;
import migreplay.trace.RamRanges;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * qemu-precopy runs worked out by hand. The wire is 8,000,000 bit/s, one byte per µs: a normal page
 * record (8-byte header + 4,096) takes 4,104 µs, a zero page record (header + 1) 9 µs, an EOS record 8 µs.
 * Host costs are off (rates 0, setup/sync/stop 0 ms), so the clock is the wire's alone.
 */
class QemuGoldenTest {
  static final long WIRE = 8_000_000;
  @TempDir Path dir;

  static Map<String, String> free(String... more) {
    Map<String, String> p = new HashMap<>(Map.of("zero_page_rate", "0", "normal_page_rate", "0",
        "connect_time", "0ms", "setup_time", "0ms", "sync_time", "0ms", "stop_time", "0ms"));
    for (int i = 0; i < more.length; i += 2) {
      p.put(more[i], more[i + 1]);
    }
    return p;
  }

  static RunOptions idle() {
    return RunOptions.defaults(WIRE).withTraceEnd(TraceEnd.IDLE);
  }

  /**
   * 16 RAM pages + 2 device pages (16 zero: video memory; 17 non-zero: ROM). The trace says pages 0-7 are
   * non-zero at the start; the guest writes page 9 at 150 ms and pages 1, 2, 3, 4 at 250 ms.
   * max_bandwidth 82,080 B/s: a budget of 8,208 B per 100 ms window (two normal pages exactly).
   */
  Path scenario() throws IOException {
    return QemuTraces.write(dir.resolve("a.trace.arrow"), RamRanges.ofPages(16), 1_000_000,
        PageSet.builder().addRange(0, 8).build(),
        new long[] {150_000, 9}, new long[] {250_000, 1}, new long[] {250_000, 2}, new long[] {250_000, 3},
        new long[] {250_000, 4});
  }

  Map<String, String> scenarioParams(String version) {
    return free("max_bandwidth", "82080B/s", "device_pages", "2", "device_nonzero_pages", "1",
        "qemu_version", version);
  }

  @Test
  void windowsSyncSwitchoverAndTheUnthrottledFinalPass() throws IOException {
    QemuPrediction p = QemuPrediction.run(scenario(), idle(), scenarioParams("7.2"), true);
    RunResult r = p.result();
    // t = 0: setup sync (dirty-sync-count 1), bitmap all 18 ones, threshold 0.
    // Window 1 (7.2 counts bytes as queued, stops once used > 8,208): pages 0, 1 (used 8,208: not over),
    //  2 (12,312: over); EOS at 12.312 ms → 12.320 ms. Over budget: sleep 100 − 12 = 88 ms → 100.320 ms.
    // 100 ms: bandwidth 12,320 B / 100 ms = 123.2 B/ms, threshold = 123.2 × 300 = 36,960 B.
    // Window 2: pending 15 pages = 61,440 ≥ 36,960: pages 3, 4, 5 → EOS at 112.640 ms, sleep to 200.640.
    // 200 ms: same bandwidth and threshold.
    // Window 3: pending 12 pages: pages 6, 7 (4,104 each) and 8 (zero: 9 B) → 8,217 > 8,208; EOS at 208.865,
    //  sleep 92 ms → 300.865 ms. 300 ms: 8,225 B / 100 ms = 82.25 B/ms, threshold 24,675.
    // Window 4: pending 9 pages = 36,864 ≥ 24,675: page 9 was written at 150 ms, so it is sent as a normal
    //  page (4,104); 10-15 and 16 are zero (7 × 9 = 63); 17 (ROM) normal: used 8,271 > 8,208. EOS at
    //  309.144 ms; sleep 91 ms → 400.144 ms. 400 ms: 8,279 B → 82.79 B/ms, threshold (long) 24,837.000000000004.
    // Pending 0 < 24,837: sync 2 finds 9, 1, 2, 3, 4 (9's write predates its send, and the log still has
    //  it): 5 pages = 20,480 < 24,837: switch over. Round 1 = setup sync → sync 2: 18 pages, 8 zero.
    // Completion: stop, final sync 3 (nothing new: round 2 is empty), then no rate limit: pages 1, 2, 3, 4, 9
    //  (the cursor wraps) = 20,520 B in 20.520 ms, where a budget would have needed three windows; EOS, which
    //  7.2's ram_save_complete does not add to ram.transferred (see qemu72sFinalEosIsOnTheWireNotInTransferred).
    List<RoundResult> rs = r.roundResults();
    assertEquals(3, rs.size());
    assertEquals(new RoundResult(1, 0.0, 0.400144, 18, null, 5, null, false,
        new RoundResult.Sync(8, 24837, 82.79 * 1000)), rs.get(0));
    assertEquals(new RoundResult(2, 0.400144, 0.0, 0, null, 0, null, false,
        new RoundResult.Sync(0, 24837, 82.79 * 1000)), rs.get(1));
    assertEquals(new RoundResult(3, 0.400144, 0.020528, 5, null, 0, null, true,
        new RoundResult.Sync(0, 24837, 82.79 * 1000)), rs.get(2));
    assertEquals(RunResult.COMPLETED, r.migrationStatus());
    assertTrue(r.converged());
    // 15 normal pages (0-7, 9, 17, then 1-4 and 9 again), 8 zero, 5 EOS records on the wire, 4 of them counted.
    assertEquals(new RunResult.Counters(15, 8, 3, 20_520, 0.0, 15 * 4104 + 8 * 9 + 4 * 8, 0), r.counters());
    assertEquals(23, r.pagesSent());
    assertEquals(61_672, r.bytesSent());
    assertEquals(0.420672, r.totalTimeS(), 1e-12);
    assertEquals(0.020528, r.downtimeS(), 1e-12);
    assertEquals(5, r.lastRoundPages());
    assertNull(r.hotPages());
    assertTrue(r.params().contains("initial_nonzero=trace"), r.params());
    // Samples: setup, each window update (100, 200, 300, 400 ms), completed.
    assertEquals(List.of("setup", "active", "active", "active", "active", "completed"),
        p.series().stream().map(Sample::status).toList());
    // At 400 ms: 10 normal pages (0-7, 9, 17), 8 zero, 4 EOS sent; nothing pending until sync 2.
    assertEquals(new Sample(0.400144, 10 * 4104 + 8 * 9 + 4 * 8, 0, 1, "active"), p.series().get(4));
  }

  @Test
  void theFirstRateWindowBeginsAtTheMigrateCommandBeforeSetup() throws IOException {
    // QEMU 7.2 migration/migration.c, migration_thread(): update_iteration_initial_status(s) (the window's
    // start time and bytes) comes before qemu_savevm_state_setup() (ram_save_setup and its first bitmap sync),
    // so setup uses up part of the first 100 ms window instead of delaying every window after it.
    // The first scenario with a 30 ms setup: the window begins at 0; setup ends at 30 ms; pages 0, 1, 2 and EOS
    // leave by 42.320 ms; over budget, the thread sleeps 100 − 42 = 58 ms to 100.320 ms, where the first
    // window closes with 12,320 B in 100 ms, as with no setup at all. From there the run is the one without
    // setup, byte for byte and to the ns: 0.420672 s (a window begun after setup would close at 130 ms and end
    // the run at 0.450672 s).
    RunResult noSetup = QemuPrediction.run(scenario(), idle(), scenarioParams("7.2"), true).result();
    RunResult setup = QemuPrediction.run(scenario(), idle(), with(scenarioParams("7.2"), "setup_time", "30ms"), true)
        .result();
    assertEquals(0.420672, setup.totalTimeS(), 1e-12);
    assertEquals(noSetup.counters(), setup.counters());
    assertEquals(noSetup.roundResults(), setup.roundResults());
    // A 95 ms setup overruns the first window: pages 0-2 and EOS leave by 107.320 ms, and the window closes
    // then (107 whole ms: bandwidth 12,320 / 107 = 115.14 B/ms, threshold 34,542 B) with no sleep; window 2
    // (107 ms) sends 3, 4, 5 by 119.640 ms and sleeps to 207.640; window 3 (207 ms) sends 6, 7, 8 (zero) by
    // 215.865 and sleeps to 307.865; at 307 ms: 8,225 B / 100 ms, threshold 24,675 B. Window 4 sends 9-17 as in
    // the first scenario (9 written at 150 ms: normal) by 316.144 ms and sleeps to 407.144 (407 ms: 8,279 B,
    // threshold 24,837). Sync 2 finds 9, 1, 2, 3, 4: 20,480 B < 24,837: switch over; the final pass (20,520 B)
    // and its EOS: 0.427672 s.
    RunResult late = QemuPrediction.run(scenario(), idle(), with(scenarioParams("7.2"), "setup_time", "95ms"), true)
        .result();
    assertEquals(0.427672, late.totalTimeS(), 1e-12);
    assertEquals(new RoundResult.Sync(8, 24837, 82.79 * 1000), late.roundResults().get(0).sync());
  }

  @Test
  void theConnectTimeIsInTotalTimeBeforeTheFirstRateWindow() throws IOException {
    // QEMU 7.2 migration/migration.c: qmp_migrate → migrate_init() sets start_time, from which total-time counts;
    // the channel is then opened (exec: spawns a shell) and migration_thread() starts: setup_start (setup-time)
    // and update_iteration_initial_status() (the first window) come only then.
    // 8 RAM pages, all non-zero, never written; a cap of 41,040 B/s: a budget of 4,104 B per window, so 7.2
    // sends two pages a window. No connect: window 1 from 0 sends 0, 1, EOS by 8.216 ms and sleeps 100 − 8 whole
    // ms to 100.216 ms: 8,216 B / 100 ms, threshold × 300 ms = 24,648 B; pending 6 pages = 24,576 below it: sync
    // 2 (nothing new), switch over; the final pass sends 6 pages and EOS at the wire's speed: 24.632 ms, total
    // 0.124848 s. A 30 ms connect starts the thread, and window 1, at 30 ms: every time moves by 30 ms,
    // 0.154848 s. A 30 ms setup does not: it uses up part of window 1 (sent by 38.216 ms, a sleep of 100 − 38
    // ms), which still closes at 100.216 ms (0.124848 s).
    Path t = QemuTraces.write(dir.resolve("c.trace.arrow"), RamRanges.ofPages(8), 1_000_000, null);
    Map<String, String> p = free("max_bandwidth", "41040B/s", "device_pages", "0", "device_nonzero_pages", "0");
    RunResult none = QemuPrediction.run(t, idle(), p, true).result();
    assertEquals(0.124848, none.totalTimeS(), 1e-12);
    assertEquals(0.024632, none.downtimeS(), 1e-12);
    RunResult connect = QemuPrediction.run(t, idle(), with(p, "connect_time", "30ms"), true).result();
    assertEquals(0.154848, connect.totalTimeS(), 1e-12);
    assertEquals(none.counters(), connect.counters());
    assertEquals(0.024632, connect.downtimeS(), 1e-12);
    RunResult setup = QemuPrediction.run(t, idle(), with(p, "setup_time", "30ms"), true).result();
    assertEquals(0.124848, setup.totalTimeS(), 1e-12);
  }

  @Test
  void qemu72sFinalEosIsOnTheWireNotInTransferred() throws IOException {
    // QEMU 7.2 migration/ram.c: ram_save_iterate() ends with qemu_put_be64(f, RAM_SAVE_FLAG_EOS) and
    // ram_transferred_add(8); ram_save_complete() writes the same EOS with no ram_transferred_add(), so the
    // completion's 8 bytes go on the wire but not into ram.transferred. (9.2 counts every byte of the stream.)
    // 4 RAM pages, all non-zero, no cap: one iterate call sends them and its EOS (4 × 4,104 + 8 B, 16.424 ms);
    // pending 0: switchover; the final pass sends nothing but its EOS: 16.432 ms, 16,440 B on the wire.
    Path t = QemuTraces.write(dir.resolve("e.trace.arrow"), RamRanges.ofPages(4), 1_000_000, null);
    Map<String, String> p = free("max_bandwidth", "0", "device_pages", "0", "device_nonzero_pages", "0");
    RunResult v72 = QemuPrediction.run(t, idle(), p, true).result();
    assertEquals(4 * 4104 + 8, v72.counters().transferredBytes());
    assertEquals(4 * 4104 + 2 * 8, v72.bytesSent());
    assertEquals(0.016432, v72.totalTimeS(), 1e-12);
    RunResult v92 = QemuPrediction.run(t, idle(), with(p, "qemu_version", "9.2"), true).result();
    assertEquals(4 * 4104 + 2 * 8, v92.counters().transferredBytes());
    assertEquals(0.016432, v92.totalTimeS(), 1e-12);
  }

  @Test
  void qemu92CountsBytesOnlyWhenTheStreamIsFlushed() throws IOException {
    RunResult r = QemuPrediction.run(scenario(), idle(), scenarioParams("9.2"), true).result();
    // 9.2 counts a window's bytes when the buffer is flushed: with fewer than 32 normal pages queued that is
    // only the end of the iterate call, so window 1 sends all 18 pages (the 50 ms check after the first page
    // sees 4 ms): 0-7 and 17 normal, 8-16 zero (9 is written only at 150 ms) = 9 × 4,104 + 9 × 9 = 37,017 B,
    // EOS at 37.017 → 37.025 ms: over budget, sleep 63 ms → 100.025 ms; bandwidth 370.25 B/ms.
    // Pending 0 < threshold: sync 2 finds nothing (no write before 150 ms): switch over; final sync 3; the
    // final pass sends nothing; EOS → 100.033 ms.
    assertEquals(new RunResult.Counters(9, 9, 3, 0, 0.0, 37_033, 0), r.counters());
    assertEquals(0.100033, r.totalTimeS(), 1e-12);
    assertEquals(new RoundResult.Sync(9, 111_075, 370_250), r.roundResults().get(0).sync());
  }

  @Test
  void aManagementTimeoutEndsAMigrationThatDoesNotConverge() throws IOException {
    // The same guest, but it rewrites all 16 RAM pages every 10 ms. Windows 1 and 2 as above (pages 0-5).
    // Window 3 at 200.640 ms: 6, 7 and 8 (written at 10 ms: now 4,104 B) = 12,312 B; EOS at 212.960 ms.
    // 300 ms (after sleeping to 300.960): 12,320 B → threshold 36,960; pending 9 pages = 36,864 < 36,960:
    // sync 2 finds 0-8 dirty again (9 new): 18 pages pending, no switchover; window 4 sends 9, 10, 11; EOS
    // at 313.280 ms, then the sleep is cut by the timeout at 350 ms: cancelled, not converged.
    long[][] rows = new long[16 * 100][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new long[] {(i / 16) * 10_000L, i % 16};
    }
    Path t = QemuTraces.write(dir.resolve("b.trace.arrow"), RamRanges.ofPages(16), 1_000_000,
        PageSet.builder().addRange(0, 8).build(), rows);
    QemuPrediction p = QemuPrediction.run(t, idle(), free("max_bandwidth", "82080B/s", "device_pages", "2",
        "device_nonzero_pages", "1", "timeout", "350ms"), true);
    RunResult r = p.result();
    assertEquals(RunResult.NOT_CONVERGED, r.migrationStatus());
    assertEquals(false, r.converged());
    // transferred: 12 normal pages + 4 EOS; remaining: 15 pages (12-17 and 0-8) × 4,096.
    assertEquals(new RunResult.Counters(12, 0, 2, 0, 0.0, 12 * 4104 + 4 * 8, 15 * 4096), r.counters());
    assertEquals(0.35, r.totalTimeS(), 1e-12);
    assertEquals(0.0, r.downtimeS());
    List<RoundResult> rs = r.roundResults();
    assertEquals(2, rs.size());
    assertEquals(new RoundResult(1, 0.0, 0.30096, 9, null, 9, null, false,
        new RoundResult.Sync(0, 36960, 123.2 * 1000)), rs.get(0));
    assertEquals(new RoundResult(2, 0.30096, 0.04904, 3, null, 0, null, false,
        new RoundResult.Sync(0, 36960, 123.2 * 1000)), rs.get(1));
    Sample last = p.series().get(p.series().size() - 1);
    assertEquals(new Sample(0.35, 12 * 4104 + 4 * 8, 15 * 4096, 2, "cancelled"), last);
  }

  /**
   * 40 RAM pages, all non-zero (the trace has no initial set: initial_nonzero=auto assumes all), no cap,
   * downtime limit 1 ms. The guest writes page 0 every ms for 3 s and then stops (trace end idle).
   */
  RunResult autoConverge(String on) throws IOException {
    long[][] rows = new long[3000][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new long[] {i * 1000L, 0};
    }
    Path t = QemuTraces.write(dir.resolve("c.trace.arrow"), RamRanges.ofPages(40), 3_000_000, null, rows);
    return QemuPrediction.run(t, idle(), free("max_bandwidth", "0", "downtime_limit", "1ms", "device_pages", "0",
        "device_nonzero_pages", "0", "auto_converge", on, "cpu_throttle_initial", "50"), true).result();
  }

  @Test
  void autoConvergeThrottlesTheGuestAndSoSlowsItsWrites() throws IOException {
    // The bulk pass sends 40 pages and EOS: 164.168 ms; the first window update: 164,168 B / 164 ms =
    // 1,001.02 B/ms, threshold 1,001 B. From then on each pass finds only page 0: sync k (k = 0, 1, ...) at
    // s_k = 164.168 + 4.112 k ms, then page 0 + EOS (4,112 µs). A write at trace time a is seen by the first
    // sync after the guest reaches a.
    // Without auto-converge the guest runs at host speed: its last write (2,999 ms) is found by sync 690
    // (3,001.448 ms); page 0 is sent by 3,005.560; the next sync finds nothing: switchover; EOS: 3.005568 s.
    // Syncs: setup + 691 + the empty one + the final one = 694. Normal pages: 40 + 691.
    RunResult off = autoConverge("off");
    assertEquals(3.005568, off.totalTimeS(), 1e-12);
    assertEquals(694, off.counters().dirtySyncCount());
    assertEquals(731, off.counters().normalPages());
    // With auto-converge (initial throttle 50 %): a period closes at the first sync more than 1 s after the
    // last: sync 204 at 1,003.016 ms (1,003 > 0 + 1,000): dirtied 205 pages × 4,096 = 839,680 B > 50 % of
    // the 1,003,016 B sent: first time over. Sync 448 at 2,006.344 ms (2,006 > 2,003): dirtied 244 × 4,096
    // = 999,424 > 50 % of 244 × 4,112: second time: throttle 50 %, the guest now runs at half speed. It
    // reaches its last write, 2,999 ms, at 2,006.344 + 2 × 992.656 = 3,991.656 ms host: found by sync 931
    // (3,992.440 ms); page 0 + EOS → 3,996.552; the next sync finds nothing; EOS: 3.996560 s.
    RunResult on = autoConverge("on");
    assertEquals(3.996560, on.totalTimeS(), 1e-12);
    assertEquals(935, on.counters().dirtySyncCount());
    assertEquals(972, on.counters().normalPages());
    assertTrue(on.params().contains("auto_converge=on;")
        && on.params().contains("cpu_throttle_increment=10;cpu_throttle_initial=50"), on.params());
  }

  @Test
  void aMeasuredGuestSpeedDrivesTheGuestAndTheThrottleDoesNotSlowItAgain() throws IOException {
    // autoConverge's guest and timeline, auto-converge on, with the speed measured in a real run.
    long[][] rows = new long[3000][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new long[] {i * 1000L, 0};
    }
    Path t = QemuTraces.write(dir.resolve("m.trace.arrow"), RamRanges.ofPages(40), 3_000_000, null, rows);
    Map<String, String> p = free("max_bandwidth", "0", "downtime_limit", "1ms", "device_pages", "0",
        "device_nonzero_pages", "0", "auto_converge", "on", "cpu_throttle_initial", "50");
    // Measured at host speed throughout: the throttle still triggers at sync 448 (2,006.344 ms) but the
    // measurement already holds whatever it did, so the guest keeps host speed: exactly the run without
    // auto-converge (3.005568 s, 694 syncs, 731 normal pages).
    RunResult steady = QemuPrediction.run(t, idle(), p,
        new MeasuredGuestSpeed(List.of(new MeasuredGuestSpeed.Segment(0, 1))), true).result();
    assertEquals(3.005568, steady.totalTimeS(), 1e-12);
    assertEquals(694, steady.counters().dirtySyncCount());
    assertEquals(731, steady.counters().normalPages());
    // Host speed, then half speed from 1 s: the loop takes the new speed at its first turn from 1,000 ms, the
    // turn of sync 204 (164.168 + 204 × 4.112 = 1,003.016 ms, guest at 1,003.016 ms). The guest reaches its
    // last write, 2,999 ms, at 1,003.016 + 2 × 1,995.984 = 4,994.984 ms host: found by sync 1,175
    // (164.168 + 1,175 × 4.112 = 4,995.768 ms; guest 2,999.392 ms; sync 1,174 at 4,991.656 saw 2,997.336);
    // page 0 + EOS → 4,999.880; the next sync finds nothing; EOS: 4.999888 s. Syncs: setup + 1,176 + the
    // empty one + the final one = 1,179. Normal pages: 40 + 1,176.
    RunResult halved = QemuPrediction.run(t, idle(), p, new MeasuredGuestSpeed(List.of(
        new MeasuredGuestSpeed.Segment(0, 1), new MeasuredGuestSpeed.Segment(1.0, 0.5))), true).result();
    assertEquals(4.999888, halved.totalTimeS(), 1e-12);
    assertEquals(1179, halved.counters().dirtySyncCount());
    assertEquals(1216, halved.counters().normalPages());
  }

  @Test
  void pagesWrittenBeforeTheStartAreNonZeroTheRestAsAssumed() throws IOException {
    // 4 pages, no device memory, no cap; the trace (no initial set) writes page 2 at 50 ms and the migration
    // starts at 100 ms. initial_nonzero=written: only page 2 is non-zero. One iterate call sends 0, 1 (zero,
    // 9 µs each), 2 (4,104 µs), 3 (9 µs) and EOS: 4.139 ms. No window has closed, so the threshold is still
    // 0: pending 0 is not below it (no exact sync) but is zero: switchover; final sync 2; EOS: 4.147 ms.
    // ram.transferred holds the iterate call's EOS, not the final one (7.2). initial_nonzero=all: four normal
    // pages.
    Path t = QemuTraces.write(dir.resolve("d.trace.arrow"), RamRanges.ofPages(4), 1_000_000, null,
        new long[] {50_000, 2});
    Map<String, String> p = free("max_bandwidth", "0", "device_pages", "0", "device_nonzero_pages", "0",
        "initial_nonzero", "written");
    RunResult written = QemuPrediction.run(t, idle().withStartUs(100_000), p, true).result();
    assertEquals(new RunResult.Counters(1, 3, 2, 0, 0.0, 4104 + 3 * 9 + 8, 0), written.counters());
    assertEquals(0.004147, written.totalTimeS(), 1e-12);
    assertTrue(written.params().contains("initial_nonzero=written"), written.params());
    p.put("initial_nonzero", "auto"); // no set in the trace: all RAM assumed non-zero
    RunResult all = QemuPrediction.run(t, idle().withStartUs(100_000), p, true).result();
    assertEquals(new RunResult.Counters(4, 0, 2, 0, 0.0, 4 * 4104 + 8, 0), all.counters());
    assertTrue(all.params().contains("initial_nonzero=all"), all.params());
  }

  @Test
  void aWindowSendsWhatRealQemu72RunsSent() throws IOException {
    // 7.2 stops a window once its bytes exceed max_bandwidth / 10 (integer division): at 32 MiB/s the budget
    // is 3,355,443 B, and 817 pages (3,352,968 B) are not over it, 818 are: 818 pages per window; at 128 MiB/s
    // 13,421,772 B → 3,271 pages (qemu-validation.md §1: what real runs showed). On a 10 Gbit/s wire both
    // windows' pages leave in under 11 ms, then the thread sleeps to 100 ms; the first sample after the
    // setup one is at that window's end: the pages plus one EOS.
    Path t = QemuTraces.write(dir.resolve("w.trace.arrow"), RamRanges.ofPages(8192), 1_000_000, null,
        new long[] {0, 0});
    for (String[] c : new String[][] {{"32MiB/s", "818"}, {"128MiB/s", "3271"}}) {
      QemuPrediction p = QemuPrediction.run(t, RunOptions.defaults(10_000_000_000L), free("max_bandwidth", c[0]));
      Sample first = p.series().get(1);
      assertEquals(Long.parseLong(c[1]) * 4104 + 8, first.transferredBytes(), c[0]);
      assertEquals(0.1, first.tS(), 1e-3, c[0]);
    }
  }

  @Test
  void tcg72sLogLosesTheRewritesItsSyncsDoNotSee() throws IOException {
    // The first scenario under dirty_log=tcg-7.2. Up to 400.144 ms nothing differs (the setup sync's bitmap
    // is all ones anyway). Share 0: sync 2 finds none of 9, 1, 2, 3, 4, so pending is 0: switch over; the
    // final sync 3 finds nothing either, and the final pass is only its EOS: 400.152 ms. Pages 1-4 were
    // rewritten at 250 ms after they were sent: the destination has them stale, as QEMU 7.2 under TCG would
    // (the invariant checker holds a page only to the writes that reached the bitmap, so it passes).
    RunResult none = QemuPrediction.run(scenario(), idle(),
        with(scenarioParams("7.2"), "dirty_log", "tcg-7.2", "tcg_log_share", "0"), true).result();
    assertEquals(new RunResult.Counters(10, 8, 3, 0, 0.0, 10 * 4104 + 8 * 9 + 4 * 8, 0), none.counters());
    assertEquals(0.400152, none.totalTimeS(), 1e-12);
    assertEquals(0, none.roundResults().get(0).pagesDirtied());
    // Share 1 sees every write: the exact log's run, byte for byte.
    RunResult exact = QemuPrediction.run(scenario(), idle(), scenarioParams("7.2"), true).result();
    RunResult all = QemuPrediction.run(scenario(), idle(),
        with(scenarioParams("7.2"), "dirty_log", "tcg-7.2", "tcg_log_share", "1"), true).result();
    assertEquals(exact.counters(), all.counters());
    assertEquals(exact.roundResults(), all.roundResults());
    // Share 0.5: sync 2 finds exactly the pages whose (page, sync 2) hash falls below one half, and the final
    // pass sends those (4,104 B each, plus EOS).
    long found = java.util.stream.LongStream.of(1, 2, 3, 4, 9).filter(q -> DirtyLog.seen(q, 2, 500_000)).count();
    RunResult half = QemuPrediction.run(scenario(), idle(),
        with(scenarioParams("7.2"), "dirty_log", "tcg-7.2", "tcg_log_share", "0.5"), true).result();
    assertEquals(found, half.roundResults().get(0).pagesDirtied());
    assertEquals(found * 4104, half.counters().downtimeBytes());
    assertTrue(half.params().contains("dirty_log=tcg-7.2") && half.params().contains("tcg_log_share=0.5"),
        half.params());
  }

  @Test
  void tcg72sLogNeedsQemu72AndAShareFromZeroToOne() {
    for (String[] bad : new String[][] {{"qemu_version", "9.2"}, {"tcg_log_share", "1.5"},
        {"tcg_log_share", "-0.1"}, {"tcg_log_share", "0.1234567"}}) {
      Map<String, String> p = with(free(), "dirty_log", "tcg-7.2", bad[0], bad[1]);
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> new QemuPrecopy(new migreplay.replay.params.AlgorithmParams(QemuPrecopy.NAME, QemuPrecopy.PARAMS, p)));
      assertTrue(e.getMessage().contains(bad[0].equals("qemu_version") ? "qemu_version=7.2" : "0 to 1"),
          e.getMessage());
    }
  }

  @Test
  void tcg72sHashSeesTheShareOfPagesItIsGiven() {
    // Over a million pages in one sync and over one page in a thousand syncs, the share seen is the
    // parameter's to within 0.3 % (a binomial's 3 sigma at n = 10^6 is 0.11 %).
    for (long ppm : new long[] {170_000, 330_000, 900_000}) {
      long n = 1_000_000;
      long seen = java.util.stream.LongStream.range(0, n).filter(q -> DirtyLog.seen(q, 7, ppm)).count();
      assertEquals(ppm / 1e6, seen / (double) n, 0.003);
      long overSyncs = java.util.stream.LongStream.range(2, 1002).filter(k -> DirtyLog.seen(12345, k, ppm)).count();
      assertEquals(ppm / 1e6, overSyncs / 1000.0, 0.05);
    }
  }

  static Map<String, String> with(Map<String, String> p, String... more) {
    Map<String, String> out = new HashMap<>(p);
    for (int i = 0; i < more.length; i += 2) {
      out.put(more[i], more[i + 1]);
    }
    return out;
  }
}
