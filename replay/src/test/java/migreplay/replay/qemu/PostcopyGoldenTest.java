package migreplay.replay.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import migreplay.replay.engine.RunOptions;
import migreplay.replay.engine.TraceEnd;
import migreplay.results.RoundResult;
import migreplay.results.RunResult;
import migreplay.trace.RamRanges;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A post-copy worked out by hand. As in {@link QemuGoldenTest}, the wire moves one byte per µs (a normal page
 * record 4,104 µs, EOS 8 µs) and host costs are off. 8 RAM pages, all non-zero, no device memory;
 * {@code postcopy_start=syncs:1} asks for post-copy at once, so the whole of RAM goes after the switch;
 * {@code postcopy_rtt=2ms}: a request reaches the source 1 ms after the fault, a page arrives 1 ms after it
 * has left the wire. The guest writes page 5 at 10 ms and page 7 at 12 ms of trace time.
 */
class PostcopyGoldenTest {
  @TempDir Path dir;

  static java.util.Map<String, String> params() {
    return QemuGoldenTest.free("initial_nonzero", "all", "device_pages", "0", "device_nonzero_pages", "0",
        "postcopy_start", "syncs:1", "postcopy_rtt", "2ms");
  }

  static RunOptions options() {
    return RunOptions.defaults(QemuGoldenTest.WIRE).withTraceEnd(TraceEnd.IDLE);
  }

  // t = 0: setup sync (count 1); postcopy_start is due; pending 32,768 B ≥ threshold 0: the iteration switches.
  // Switch: stop, sync 2 (nothing new), the cursor back to page 0; all costs 0, so downtime 0.
  // Background: page 0 leaves at 4,104 µs (arrives 5,104), 1 at 8,208 (9,208), 2 at 12,312 (13,312).
  // Look at 12,312: the guest reached 12,312 µs and wrote page 5 (at 10,000) and 7 (12,000); 5 is missing:
  //   fault (the guest stops at 12,312), request reaches the source at 13,312; 7 waits behind it.
  // 12,312: no request yet: page 3 in the background → 16,416 (arrives 17,416).
  // 16,416: the request is there: page 5 → 20,520 (arrives 21,520); the cursor goes on after 5.
  // 20,520: still blocked; page 6 → 24,624 (25,624).
  // 24,624: page 5 arrived at 21,520: the guest ran again then (waited 9,208 µs) and, in the same look, had
  //   touched 7, still dirty: a second fault at 21,520, its request at the source at 22,520. Now it is
  //   there: 7 → 28,728 (arrives 29,728), on request; the cursor goes on after 7.
  // 28,728: blocked on 7; the cursor wraps: page 4 → 32,832 (33,832). 32,832: nothing dirty; EOS → 32,840 on the
  // wire, but ram_save_complete's EOS is not added to ram.transferred in 7.2 (its phase bytes: 8 pages).
  // The guest waited on 7 from 21,520 until 29,728: 8,208 µs; 17,416 µs in all. 2 faults, both served on
  // request; 6 pages in the background.
  @Test
  void faultsAreServedAheadOfTheBackgroundStream() throws IOException {
    Path trace = QemuTraces.write(dir.resolve("p.trace.arrow"), RamRanges.ofPages(8), 1_000_000, null,
        new long[] {10_000, 5}, new long[] {12_000, 7});
    RunResult r = QemuPrediction.run(trace, options(), params(), true).result();
    assertPostcopy(r, "writes only");
  }

  @Test
  void aTraceWithReadsFaultsOnReadsToo() throws IOException {
    // the same accesses, page 5 read and 7 written: the same run, and it says reads count
    Path trace = QemuTraces.writeWithReads(dir.resolve("r.trace.arrow"), RamRanges.ofPages(8), 1_000_000, null,
        new long[] {10_000, 5, 1}, new long[] {12_000, 7, 0});
    RunResult r = QemuPrediction.run(trace, options(), params(), true).result();
    assertPostcopy(r, "reads+writes");
  }

  @Test
  void aReadBeforeTheSwitchDirtiesNothing() throws IOException {
    // without post-copy, a read-only trace is an idle guest: one pass of 8 pages, no second sync finds anything
    Path trace = QemuTraces.writeWithReads(dir.resolve("q.trace.arrow"), RamRanges.ofPages(8), 1_000_000, null,
        new long[] {1_000, 2, 1}, new long[] {2_000, 3, 1});
    java.util.Map<String, String> p = params();
    p.remove("postcopy_start");
    RunResult r = QemuPrediction.run(trace, options(), p, true).result();
    assertEquals(8, r.pagesSent());
    assertNull(r.postcopy());
  }

  private static void assertPostcopy(RunResult r, String accesses) {
    assertEquals(RunResult.COMPLETED, r.migrationStatus());
    assertEquals(new RunResult.Postcopy(0, 0.03284, 0, 8, 8 * 4104, 2, 2, 0.017416, accesses), r.postcopy());
    assertEquals(0.03284, r.totalTimeS(), 1e-12);
    assertEquals(0.0, r.downtimeS());
    List<RoundResult> rs = r.roundResults();
    assertEquals(List.of(RoundResult.LIVE, RoundResult.STOP, RoundResult.POSTCOPY),
        rs.stream().map(RoundResult::phase).toList());
    assertEquals(8, rs.get(2).pagesSent());
    assertEquals(0.03284, rs.get(2).durationS(), 1e-12);
    assertEquals(2, r.counters().dirtySyncCount());
    assertEquals("0s migrate-start-postcopy (postcopy_start=syncs:1)", r.managerActions());
    assertEquals("0s migrate-start-postcopy (postcopy_start=syncs:1)", rs.get(0).managerActions());
  }
}
