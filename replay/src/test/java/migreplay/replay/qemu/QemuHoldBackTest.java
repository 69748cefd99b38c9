package migreplay.replay.qemu;

import static migreplay.replay.qemu.QemuGoldenTest.free;
import static migreplay.replay.qemu.QemuGoldenTest.idle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import migreplay.replay.params.AlgorithmParams;
import migreplay.results.RoundResult;
import migreplay.results.RunResult;
import migreplay.trace.RamRanges;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * qemu-precopy's hold-back ({@link HoldBack}) worked out by hand, on QemuGoldenTest's wire (one byte per µs:
 * a normal page 4,104 µs, EOS 8 µs) with host costs off.
 *
 * <p>The guest: 8 RAM pages, all non-zero (the trace has no initial set), no device memory. It writes page 6
 * every 50 ms from 50 ms to 950 ms and page 2 at 250 ms; the trace then idles. max_bandwidth 41,040 B/s: a
 * budget of 4,104 B per 100 ms window, so 7.2 sends two pages a window (the second takes it over).
 * downtime_limit 100 ms. transferred counts every EOS but the final pass's (7.2's ram_save_complete does not add
 * it to ram.transferred).
 *
 * <p>Common to every policy up to sync 2: t = 0 setup sync (1), bitmap 0-7, threshold 0. Window 1: pages 0,
 * 1, EOS at 8.216 ms; sleep to 100.216 ms. At 100 ms: 8,216 B / 100 ms = 82.16 B/ms, threshold 8,216 B (two
 * pages, 8,192, are below it; three are not). Window 2: pages 2, 3, EOS at 108.432; sleep to 200.432;
 * window 3: pages 4, 5, EOS at 208.648; sleep to 300.648. Every window is the same, so the threshold stays
 * 8,216. At 300.648 ms pending is pages 6, 7 = 8,192 < 8,216: sync 2. It finds 6 (written at 50-300 ms, and
 * still pending: never sent) and 2 (written at 250 ms, sent at ~104 ms). The cursor is at 6.
 */
class QemuHoldBackTest {
  @TempDir Path dir;

  Path trace() throws IOException {
    long[][] rows = new long[20][];
    for (int i = 0; i < 19; i++) {
      rows[i] = new long[] {50_000L * (i + 1), 6};
    }
    rows[19] = new long[] {250_000, 2};
    return QemuTraces.write(dir.resolve("h.trace.arrow"), RamRanges.ofPages(8), 1_000_000, null, rows);
  }

  RunResult run(String... more) throws IOException {
    Map<String, String> p = free("max_bandwidth", "41040B/s", "downtime_limit", "100ms", "device_pages", "0",
        "device_nonzero_pages", "0");
    for (int i = 0; i < more.length; i += 2) {
      p.put(more[i], more[i + 1]);
    }
    return QemuPrediction.run(trace(), idle(), p, true).result(); // the checker throws if broken
  }

  static RoundResult.Sync sync() {
    return new RoundResult.Sync(0, 8216, 82.16 * 1000);
  }

  @Test
  void qemusOwnLoopSendsTheRewrittenPageAgain() throws IOException {
    // none: sync 2 sets 2 (6 is already set): bitmap 2, 6, 7 = 12,288 ≥ 8,216. Window 4 from the cursor: 6,
    // 7, EOS at 308.864; sleep to 400.864. Sync 3 finds 6 (written at 350, 400 ms) again: bitmap 2, 6 =
    // 8,192 < 8,216: switch over. Final sync 4 finds nothing (the guest's last write before the pause was at
    // 400 ms). Final pass from the cursor (8: wraps): 2, 6, EOS: 400.864 + 8.216 = 409.080 ms.
    RunResult r = run();
    assertEquals(0.409080, r.totalTimeS(), 1e-12);
    assertEquals(0.008216, r.downtimeS(), 1e-12);
    assertEquals(new RunResult.Counters(10, 0, 4, 8208, 0.0, 10 * 4104 + 4 * 8, 0), r.counters());
    assertEquals(List.of(new RoundResult(1, 0.0, 0.300648, 6, null, 1, null, false, sync()),
        new RoundResult(2, 0.300648, 0.100216, 2, null, 1, null, false, sync()),
        new RoundResult(3, 0.400864, 0.0, 0, null, 0, null, false, sync()),
        new RoundResult(4, 0.400864, 0.008216, 2, null, 0, null, true, sync())), r.roundResults());
    assertNull(r.hotPages());
    assertTrue(r.params().contains("hot_from_sync=2;hot_pending=excluded;hot_policy=none"), r.params());
  }

  @Test
  void thePapersRuleHoldsThePendingPageFoundDirtyAgainAndSendsItOnceAtTheEnd() throws IOException {
    // paper, excluded: sync 2 finds 6 pending and dirty again: hot, held (bitmap 7 and the new 2). Pending
    // (held excluded) 8,192 < 8,216: switch over at once. Final sync 3 finds nothing; the held 6 joins the
    // bitmap; the final pass from the cursor sends 6, 7, 2, EOS: 300.648 + 12.320 = 312.968 ms. One page
    // fewer than QEMU's loop, 96 ms sooner, but a downtime of three pages instead of two.
    RunResult r = run("hot_policy", "paper");
    assertEquals(0.312968, r.totalTimeS(), 1e-12);
    assertEquals(0.012320, r.downtimeS(), 1e-12);
    assertEquals(new RunResult.Counters(9, 0, 3, 12_312, 0.0, 9 * 4104 + 3 * 8, 0), r.counters());
    assertEquals(List.of(new RoundResult(1, 0.0, 0.300648, 6, null, 1, 1L, false, sync()),
        new RoundResult(2, 0.300648, 0.0, 0, null, 0, 0L, false, sync()),
        new RoundResult(3, 0.300648, 0.012320, 3, null, 0, 0L, true, sync())), r.roundResults());
    assertEquals(1L, r.hotPages());
  }

  @Test
  void heldPagesCountedInThePendingEstimateDelayTheSwitchover() throws IOException {
    // paper, counted: after sync 2 pending is 7, 2 and the held 6: 12,288 ≥ 8,216. Window 4 from the cursor
    // skips the held 6: 7, then 2 (wrapping), EOS at 308.864; sleep to 400.864. Pending = held 6 alone
    // (4,096 < 8,216): sync 3 finds 6 again, which stays held (not newly set, not newly held); still 4,096:
    // switch over. Final sync 4; the final pass sends 6, EOS: 404.976 ms, downtime 4.112 ms.
    RunResult r = run("hot_policy", "paper", "hot_pending", "counted");
    assertEquals(0.404976, r.totalTimeS(), 1e-12);
    assertEquals(0.004112, r.downtimeS(), 1e-12);
    assertEquals(new RunResult.Counters(9, 0, 4, 4104, 0.0, 9 * 4104 + 4 * 8, 0), r.counters());
    assertEquals(List.of(new RoundResult(1, 0.0, 0.300648, 6, null, 1, 1L, false, sync()),
        new RoundResult(2, 0.300648, 0.100216, 2, null, 0, 0L, false, sync()),
        new RoundResult(3, 0.400864, 0.0, 0, null, 0, 0L, false, sync()),
        new RoundResult(4, 0.400864, 0.004112, 1, null, 0, 0L, true, sync())), r.roundResults());
    assertEquals(1L, r.hotPages());
  }

  @Test
  void consecutiveSyncsJudgeAPageTheLogHadTwiceInARow() throws IOException {
    // consecutive:2 (runs count from sync 2): sync 2 finds 2 and 6 (runs 1): nobody is hot, as with
    // none (bitmap 2, 6, 7; window 4 sends 6, 7). Sync 3 finds 6 again: run 2: hot, held (it was sent in
    // window 4, so it leaves no bit behind); bitmap 2 = 4,096 < 8,216: switch over. The final pass sends 2,
    // then the held 6, EOS: the same times as QEMU's loop, with page 6 counted as held.
    RunResult r = run("hot_policy", "consecutive:2");
    assertEquals(0.409080, r.totalTimeS(), 1e-12);
    assertEquals(0.008216, r.downtimeS(), 1e-12);
    assertEquals(new RunResult.Counters(10, 0, 4, 8208, 0.0, 10 * 4104 + 4 * 8, 0), r.counters());
    assertEquals(List.of(new RoundResult(1, 0.0, 0.300648, 6, null, 1, 0L, false, sync()),
        new RoundResult(2, 0.300648, 0.100216, 2, null, 0, 1L, false, sync()),
        new RoundResult(3, 0.400864, 0.0, 0, null, 0, 0L, false, sync()),
        new RoundResult(4, 0.400864, 0.008216, 2, null, 0, 0L, true, sync())), r.roundResults());
    assertEquals(1L, r.hotPages());
    // From sync 4 on, nothing is judged before the guest stops: QEMU's loop, with no page held.
    RunResult late = run("hot_policy", "consecutive:2", "hot_from_sync", "4");
    assertEquals(0.409080, late.totalTimeS(), 1e-12);
    assertEquals(0L, late.hotPages());
  }

  @Test
  void heldPagesCountedAboveTheThresholdWithNothingDirtySpinUntilTheTimeout() throws IOException {
    // consecutive:2, counted, downtime_limit 1 ms: the threshold (82.16 B/ms × 1 ms = 82 B) is below one page,
    // so a sync comes only when nothing is pending. Windows 1-4 send pages 0-7 (the last EOS at 308.864 ms);
    // at 400.864 ms nothing is pending: sync 2 finds 2 and 6 (runs of 1): bitmap 2, 6; window 5 sends them. At
    // 500.1 ms nothing is pending: sync 3 finds 6 again (written at 450 and 500 ms): run 2, hot, held. Now
    // nothing is dirty, but the held 6 (4,096 B, counted) keeps the estimate above the threshold and no sync
    // comes: QEMU's thread spins on empty passes until the 2 s timeout cancels the migration. (Before the spin
    // was modelled, each empty pass cost only its 8-byte EOS on the wire and the run never reached 2 s.)
    RunResult r = run("hot_policy", "consecutive:2", "hot_pending", "counted", "downtime_limit", "1ms",
        "timeout", "2s");
    assertEquals(RunResult.NOT_CONVERGED, r.migrationStatus());
    assertEquals(2.0, r.totalTimeS(), 1e-9);
    assertEquals(1L, r.hotPages());
    assertEquals(10, r.counters().normalPages()); // 0-7, then 2 and 6 again; the held 6 never leaves
  }

  @Test
  void afterASwitchToPostcopyTheHeldPagesReachTheDestinationOnceInTheBackgroundOrOnRequest() throws IOException {
    // paper, counted, with postcopy_start=time:300ms, due at the loop's look at 300.648 ms. As above, pending
    // 6, 7 = 8,192 < 8,216: sync 2 holds 6; pending 7, 2 and the held 6 = 12,288 >= 8,216, so the iteration
    // that would have sent window 4 switches at 300.648 ms instead. The switch's sync (3) finds
    // nothing (the next write is at 350 ms); the held 6 joins the bitmap: 2, 6, 7 are due on the destination.
    // Held pages stay off the wire while the guest runs on the source; after the switch they are ordinary
    // post-copy pages. The checkers (on) hold each of 2, 6, 7 to exactly one send after the switch, and the
    // hold-back checker accepts 6 sent while the guest runs on the destination.
    RunResult fast = run("hot_policy", "paper", "hot_pending", "counted", "postcopy_start", "time:300ms");
    assertEquals(RunResult.COMPLETED, fast.migrationStatus());
    assertEquals(1L, fast.hotPages());
    assertEquals(0.300648, fast.postcopy().startS(), 1e-12);
    assertEquals(3, fast.postcopy().postcopyPages()); // background from the cursor at 0: 2, 6, 7
    assertEquals(0, fast.postcopy().requests()); // all three are there (~313 ms) before the write at 350 ms
    // The background stream capped at one page per 100 ms window: 2 leaves in the first window, and the guest's
    // write to 6 at 350 ms faults before the stream reaches it: the held page is served on request, once.
    RunResult slow = run("hot_policy", "paper", "hot_pending", "counted", "postcopy_start", "time:300ms",
        "max_postcopy_bandwidth", "41040B/s");
    assertEquals(RunResult.COMPLETED, slow.migrationStatus());
    assertEquals(3, slow.postcopy().postcopyPages());
    assertEquals(1, slow.postcopy().requests());
    assertEquals(1, slow.postcopy().requestPages());
  }

  @Test
  void theParametersSayWhatTheyAccept() {
    assertEquals("consecutive:3", HoldBack.normalize(" Consecutive:3 "));
    for (String[] bad : new String[][] {{"hot_policy", "consecutive:0"}, {"hot_policy", "consecutive:256"},
        {"hot_policy", "hot"}, {"hot_from_sync", "1"}, {"hot_pending", "maybe"}}) {
      Map<String, String> p = free(bad[0], bad[1]);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new QemuPrecopy(new AlgorithmParams(QemuPrecopy.NAME, QemuPrecopy.PARAMS, p)));
      assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
    }
  }
}
