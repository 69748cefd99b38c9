package migreplay.replay.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceBatch;
import migreplay.trace.TraceReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WriteStreamTest {
  @TempDir Path dir;

  @Test
  void spreadOffsetFollowsDesignFormula() {
    // DESIGN.md: off = mix64(pfn × 0x9E3779B97F4A7C15 + t) mod min(r, duration − t), unsigned.
    long t = 20_000;
    long pfn = 12_345;
    long z = pfn * 0x9E3779B97F4A7C15L + t;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    assertEquals(t + Long.remainderUnsigned(z, 10_000), WithinEpoch.SPREAD.appliedTime(t, pfn, 10_000, 1_000_000));
    // The last epoch is cut at the trace's end: the offset stays below duration − t.
    assertTrue(WithinEpoch.SPREAD.appliedTime(995_000, pfn, 10_000, 1_000_000) < 1_000_000);
    assertEquals(t, WithinEpoch.START.appliedTime(t, pfn, 10_000, 1_000_000));
  }

  /**
   * Against a brute-force reference that holds every row with its lap-adjusted applied time and applies,
   * at each advance, every row not applied yet whose time has come: the same bits and the same count of
   * writes applied, with the log cleared now and then after a settling advance (as a clean does).
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void appliesExactlyTheWritesWhoseTimeHasCome(long seed) throws IOException {
    Random rnd = new Random(seed);
    RamRanges ram = RamRanges.ofPages(500);
    long duration = 50_000 + rnd.nextInt(50_000);
    long resolution = new long[] {1, 700, 5_000, 10_000}[(int) (seed % 4)];
    Path f = TestTraces.write(dir.resolve("w.trace.arrow"), ram, duration, resolution, 97,
        TestTraces.random(seed, ram, duration, resolution, 3000));
    long bw = 1_000_000 + rnd.nextInt(50_000_000);
    long start = rnd.nextBoolean() ? 0 : rnd.nextInt((int) duration);
    WithinEpoch within = rnd.nextBoolean() ? WithinEpoch.SPREAD : WithinEpoch.START;
    long meanStepBits = bw * duration / 100 / 1_000_000; // 250 steps cover about 2.5 laps
    replayAgainstReference(f, rnd, new RunOptions(bw, 8, start, TraceEnd.LOOP, within, 0), meanStepBits);
  }

  /**
   * As above, where rows often straddle an advance on a page already dirty (16 pages, 10 ms intervals, steps
   * of 2.5 ms on average), so they are deferred to the next advance and decided there, some only later.
   */
  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14})
  void deferredRowsComeOutAsIfDecidedAtTheirOwnAdvance(long seed) throws IOException {
    Random rnd = new Random(seed);
    RamRanges ram = RamRanges.ofPages(16);
    long duration = 200_000;
    Path f = TestTraces.write(dir.resolve("d.trace.arrow"), ram, duration, 10_000, 97,
        TestTraces.random(seed, ram, duration, 10_000, 2000));
    long bw = 8_000_000;
    replayAgainstReference(f, rnd, new RunOptions(bw, 8, 0, TraceEnd.LOOP, WithinEpoch.SPREAD, 0),
        bw * 2_500 / 1_000_000);
  }

  private void replayAgainstReference(Path f, Random rnd, RunOptions o, long meanStepBits) throws IOException {
    long bw = o.bandwidthBps();
    long start = o.startUs();
    WithinEpoch within = o.withinEpoch();
    long duration;
    long resolution;
    long pages;
    List<long[]> rows = new ArrayList<>();
    try (TraceReader r = TraceReader.open(f)) {
      duration = r.metadata().durationUs();
      resolution = r.metadata().resolutionUs();
      pages = r.metadata().ramRanges().pfnSpace();
      TraceBatch b = new TraceBatch();
      while (r.next(b)) {
        for (int i = 0; i < b.size(); i++) {
          rows.add(new long[] {b.tUs()[i], b.pfn()[i]});
        }
      }
    }
    try (TraceReader r = TraceReader.open(f)) {
      WriteStream s = new WriteStream(r, o);
      Bitmap log = new Bitmap(pages);
      Bitmap ref = new Bitmap(pages);
      int laps = 4;
      boolean[][] applied = new boolean[laps][rows.size()];
      long bits = 0;
      long refApplied = 0;
      for (int step = 0; step < 250; step++) {
        bits += rnd.nextLong(2 * meanStepBits + 1);
        long now = start + bits * 1_000_000 / bw; // DESIGN.md: visible once (a − start) · bw ≤ bits · 10^6
        boolean clean = rnd.nextInt(10) == 0;
        s.advance(now, log, null, clean);
        assertTrue(now < laps * duration, "the reference covers " + laps + " laps");
        for (int lap = 0; lap < laps; lap++) {
          for (int i = 0; i < rows.size(); i++) {
            long a = within.appliedTime(rows.get(i)[0], rows.get(i)[1], resolution, duration) + lap * duration;
            if (!applied[lap][i] && a >= start && a <= now) {
              applied[lap][i] = true;
              ref.set(rows.get(i)[1]);
              refApplied++;
            }
          }
        }
        assertArrayEquals(ref.words(), log.words(), "after " + step + " steps at trace time " + now);
        assertEquals(refApplied, s.applied(), "writes applied after " + step + " steps");
        if (clean) {
          log.clearAll();
          ref.clearAll();
        }
      }
    }
  }

  @Test
  void errorPolicyFailsOncePastTheEnd() throws IOException {
    Path f = TestTraces.write(dir.resolve("e.trace.arrow"), 10, 1000, new long[] {10, 1});
    try (TraceReader r = TraceReader.open(f)) {
      WriteStream s = new WriteStream(r, RunOptions.defaults(1_000_000).withTraceEnd(TraceEnd.ERROR));
      Bitmap log = new Bitmap(10);
      s.advance(1000, log, null, false); // exactly at the end (1000 µs): still fine
      assertTrue(log.get(1));
      assertThrows(TraceEndedException.class, () -> s.advance(1001, log, null, false));
    }
  }

  @Test
  void rejectsAStartOutsideTheTrace() throws IOException {
    Path f = TestTraces.write(dir.resolve("s.trace.arrow"), 10, 1000, new long[] {10, 1});
    try (TraceReader r = TraceReader.open(f)) {
      assertThrows(IllegalArgumentException.class,
          () -> new WriteStream(r, RunOptions.defaults(1_000_000).withStartUs(1000)));
    }
  }
}
