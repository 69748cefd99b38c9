package migreplay.replay.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import migreplay.replay.Algorithm;
import migreplay.replay.engine.Migration;
import migreplay.replay.engine.MigrationAlgorithm;
import migreplay.replay.engine.Replayer;
import migreplay.replay.engine.RunOptions;
import migreplay.replay.engine.TestTraces;
import migreplay.replay.engine.TraceEnd;
import migreplay.replay.sweep.RunSpec;
import migreplay.results.RoundResult;
import migreplay.results.RunResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs worked out by hand. The guest has 8 pages of 4096 bytes, the wire header is 8 bytes, so a page costs
 * 4104 × 8 = 32,832 bits; at 32,832,000 bit/s one page takes exactly 1 ms. Batches hold 2 selected pages and
 * a round with fewer than 2 pages sent + skipped ends the live phase. Writes (exact times, resolution 1):
 * pfn 5 at 0.5 ms, pfn 3 at 1.5 ms, pfn 0 at 2.5 ms, pfn 5 at 7 ms, pfn 6 at 9.5 ms.
 */
class GoldenReplayTest {
  static final long BW = 32_832_000;
  static final Map<String, String> SMALL = Map.of("batch_pages", "2", "stop_pages", "2");
  @TempDir Path dir;
  Path trace;

  @BeforeEach
  void writeTrace() throws IOException {
    trace = TestTraces.write(dir.resolve("golden.trace.arrow"), 8, 100_000,
        new long[] {500, 5}, new long[] {1500, 3}, new long[] {2500, 0}, new long[] {7000, 5},
        new long[] {9500, 6});
  }

  RunResult run(Algorithm a, Map<String, String> params) throws IOException {
    return new RunSpec(trace, a, params, RunOptions.defaults(BW).withTraceEnd(TraceEnd.IDLE)).run(true);
  }

  static void assertRound(RoundResult r, int round, double startS, double durationS, long sent, long skipped,
      long dirtied, long hot, boolean last) {
    assertEquals(new RoundResult(round, startS, durationS, sent, skipped, dirtied, hot, last), r);
  }

  @Test
  void xenPrecopyRoundByRound() throws IOException {
    RunResult r = run(Algorithm.XEN_PRECOPY, SMALL);
    List<RoundResult> rs = r.roundResults();
    // Round 1, to_send = all 8 pages, clock 0.
    //  batch 1: peek at 0 ms sees nothing; pages 0,1 selected; sent by 2 ms.
    //  batch 2: peek at 2 ms sees 5 (0.5 ms) and 3 (1.5 ms); 2 selected, 3 skipped, 4 selected; sent by 4 ms.
    //  batch 3: peek at 4 ms also sees 0 (2.5 ms); 5 skipped, 6 and 7 selected; sent by 6 ms.
    //  sent 6, skipped 2; 8 >= 2 and 6 <= 3 x 8, so go on. Clean at 6 ms: to_send = {0,3,5}, dirty_count 3.
    assertRound(rs.get(0), 1, 0.0, 0.006, 6, 2, 3, 0, false);
    // Round 2: peek at 6 ms sees nothing new: 0 and 3 sent by 8 ms. Peek at 8 ms sees 5 (7 ms): skipped.
    //  sent 2, skipped 1 (3 >= 2). Clean at 8 ms: to_send = {5}, dirty_count 1.
    assertRound(rs.get(1), 2, 0.006, 0.002, 2, 1, 1, 0, false);
    // Round 3: peek at 8 ms: nothing new; 5 sent by 9 ms. 1 < 2: the next round is the last and the guest is
    //  paused at 9 ms, so the write of 6 at 9.5 ms never happens. Clean: to_send = {}, dirty_count 0.
    assertRound(rs.get(2), 3, 0.008, 0.001, 1, 0, 0, 0, false);
    // Round 4, stop-and-copy: nothing left to send.
    assertRound(rs.get(3), 4, 0.009, 0.0, 0, 0, 0, 0, true);
    assertEquals(4, r.rounds());
    assertEquals(9, r.pagesSent());
    assertEquals(9 * 4104, r.bytesSent());
    assertEquals(0.009, r.totalTimeS(), 1e-15);
    assertEquals(0.0, r.downtimeS());
    assertTrue(r.converged());
    assertEquals("batch_pages=2;max_factor=3;max_rounds=29;scan_order=linear;stop_pages=2", r.params());
  }

  @Test
  void improvedPrecopyHoldsTheRedirtiedPageBack() throws IOException {
    RunResult r = run(Algorithm.IMPROVED_PRECOPY, SMALL);
    List<RoundResult> rs = r.roundResults();
    // Round 1 as for Xen (round 1 judges nothing): sent 6, skipped 2, to_send = {0,3,5}.
    assertRound(rs.get(0), 1, 0.0, 0.006, 6, 2, 3, 0, false);
    // Round 2: 0 and 3 sent by 8 ms; 5 is in to_send and to_skip at the 8 ms peek: skipped and judged hot.
    //  Clean at 8 ms: {5}, minus the hot page: to_send = {}.
    assertRound(rs.get(1), 2, 0.006, 0.002, 2, 1, 1, 1, false);
    // Round 3: nothing to send, 0 < 2: last round next; paused at 8 ms; to_send = {} ∪ to_send_last = {5}.
    assertRound(rs.get(2), 3, 0.008, 0.0, 0, 0, 0, 0, false);
    // Round 4 sends the hot page once: 1 ms of downtime.
    assertRound(rs.get(3), 4, 0.008, 0.001, 1, 0, 0, 0, true);
    assertEquals(9, r.pagesSent());
    assertEquals(1, r.hotPages());
    assertEquals(1, r.lastRoundPages());
    assertEquals(0.009, r.totalTimeS(), 1e-15);
    assertEquals(0.001, r.downtimeS(), 1e-15);
    assertEquals("batch_pages=2;hot_from_round=2;hot_policy=paper;max_factor=3;max_rounds=29;"
        + "scan_order=linear;stop_pages=2", r.params());
  }

  @Test
  void stopAndCopySendsAllRamWithTheGuestPaused() throws IOException {
    RunResult r = run(Algorithm.STOP_AND_COPY, Map.of());
    assertEquals(1, r.rounds());
    assertEquals(8, r.pagesSent());
    assertEquals(0.008, r.totalTimeS(), 1e-15);
    assertEquals(0.008, r.downtimeS(), 1e-15);
    assertRound(r.roundResults().get(0), 1, 0.0, 0.008, 8, 0, 0, 0, true);
  }

  @Test
  void maxRoundsCapsTheLivePhase() throws IOException {
    // With max_rounds=1 the decision after round 1 (sent 6, skipped 2) is "last": paused at 6 ms with
    // {0,3,5} dirty; round 2 sends them: 3 ms of downtime, not converged.
    RunResult r = run(Algorithm.XEN_PRECOPY, Map.of("batch_pages", "2", "stop_pages", "2", "max_rounds", "1"));
    assertEquals(2, r.rounds());
    assertEquals(9, r.pagesSent());
    assertEquals(0.003, r.downtimeS(), 1e-15);
    assertEquals(false, r.converged());
  }

  @Test
  void traceEndErrorFailsTheRunWithItsReason() throws IOException {
    Path shortTrace = TestTraces.write(dir.resolve("short.trace.arrow"), 8, 3_000, new long[] {500, 5});
    RunResult r = new RunSpec(shortTrace, Algorithm.XEN_PRECOPY, SMALL,
        RunOptions.defaults(BW).withTraceEnd(TraceEnd.ERROR)).run(false);
    assertEquals("failed", r.status());
    assertEquals("the trace ended at 0.003000 s with --trace-end error, 0.003000 s into the migration", r.reason());
  }

  @Test
  void invariantCheckerCatchesAnAlgorithmThatForgetsRedirtiedPages() throws IOException {
    // One live pass over all pages, then a last round that sends nothing: the pages written during the
    // pass (0, 3, 5) are never sent again, and the checker must say so.
    MigrationAlgorithm forgetful = new MigrationAlgorithm() {
      @Override
      public String name() {
        return "forgetful";
      }

      @Override
      public String params() {
        return "";
      }

      @Override
      public void migrate(Migration m) {
        for (long p = 0; p < 8; p++) {
          m.recordSend(p);
        }
        m.send(8);
        m.endRound(8, 0, 0, 0, false);
        m.pause();
        m.endRound(0, 0, 0, 0, true);
      }
    };
    RunSpec spec = new RunSpec(trace, Algorithm.XEN_PRECOPY, Map.of(), RunOptions.defaults(BW));
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> Replayer.run(forgetful, spec.trace(), spec.options(), true));
    assertTrue(e.getMessage().contains("page 0 was last written at tick"), e.getMessage());
  }
}
