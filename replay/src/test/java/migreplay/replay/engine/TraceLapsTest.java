package migreplay.replay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import migreplay.replay.Algorithm;
import migreplay.replay.sweep.RunSpec;
import migreplay.results.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trace_laps}, worked by hand. A 16-page guest writes page 0 at t = 0 µs of every lap. At
 * 328,320,000 bit/s a page of 4,096 + 8 bytes (32,832 bits) takes exactly 100 µs. xen-precopy, round 1:
 * the peek before its only batch (clock 0) sees the write at 0, so page 0 is skipped and 15 pages are sent
 * (1,500 µs); 15 sent + 1 skipped < 50, so the guest is paused at 1,500 µs and the last round sends page 0
 * (16 pages, 2 rounds). With a 1,000 µs trace the clock reached 1,500 µs, inside the second lap: 2 laps (the
 * write at 0 of lap 2 is visible at 1,000 ≤ 1,500). With a 2,000 µs trace, or under --trace-end idle, 1 lap.
 * stop-and-copy pauses at 0: 1 lap.
 */
class TraceLapsTest {
  static final long BW = 328_320_000L;
  @TempDir Path dir;

  RunResult run(long durationUs, Algorithm a, TraceEnd end) throws IOException {
    Path t = TestTraces.write(dir.resolve("d" + durationUs + ".trace.arrow"), 16, durationUs, new long[] {0, 0});
    return new RunSpec(t, a, Map.of(), RunOptions.defaults(BW).withTraceEnd(end)).run(true);
  }

  @Test
  void lapsCountTheTimesTheTraceWasReplayed() throws IOException {
    RunResult looped = run(1000, Algorithm.XEN_PRECOPY, TraceEnd.LOOP);
    assertEquals(2, looped.rounds());
    assertEquals(16, looped.pagesSent());
    assertEquals(1.6e-3, looped.totalTimeS(), 1e-12);
    assertEquals(2, looped.traceLaps());
    assertEquals(true, looped.looped());
    assertEquals(1, run(2000, Algorithm.XEN_PRECOPY, TraceEnd.LOOP).traceLaps());
    assertEquals(1, run(1000, Algorithm.XEN_PRECOPY, TraceEnd.IDLE).traceLaps());
    assertEquals(1, run(1000, Algorithm.STOP_AND_COPY, TraceEnd.LOOP).traceLaps());
  }
}
