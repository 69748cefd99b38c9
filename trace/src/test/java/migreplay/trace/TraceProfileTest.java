package migreplay.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceProfileTest {
  @TempDir Path dir;

  @Test
  void countsEventsDistinctPagesRatesAndWorkingSetsByHand() throws IOException {
    // 2.5 s trace, 1000 pages, resolution 1 µs.
    // t=0.00 s pages 1,2 ; t=0.05 s page 1 ; t=0.15 s page 3 ; t=1.20 s pages 1,4,5 ; t=2.40 s page 1
    Path f = dir.resolve("p.trace.arrow");
    TraceMetadata m = TraceMetadata.builder().ramRanges(RamRanges.ofPages(1000)).durationUs(2_500_000).build();
    try (TraceWriter w = TraceWriter.create(f, m)) {
      w.write(0, 1);
      w.write(0, 2);
      w.write(50_000, 1);
      w.write(150_000, 3);
      w.write(1_200_000, 1);
      w.write(1_200_000, 4);
      w.write(1_200_000, 5);
      w.write(2_400_000, 1);
    }
    TraceProfile p = TraceProfile.of(f);
    assertEquals(8, p.events());
    assertEquals(5, p.distinctPages()); // 1,2,3,4,5
    assertEquals(8 / 2.5, p.meanDirtyRate(), 1e-12);
    // 1 s bins: [0,1) has 4 rows, [1,2) 3 rows; [2,2.5) is partial: not a bin, but its row counts in the mean
    assertArrayEquals(new double[] {4, 3}, p.dirtyRate().values());
    assertEquals(8 / 2.5, p.dirtyRate().summary().mean(), 1e-12);
    assertEquals(3, p.dirtyRate().summary().p50());
    assertEquals(4, p.dirtyRate().summary().max());
    // 0.1 s windows (25): w0 {1,2}=2, w1 {3}=1, w12 {1,4,5}=3, w24 {1}=1, others 0
    double[] tenth = p.workingSets().get(0).values();
    assertEquals(25, tenth.length);
    assertEquals(2, tenth[0]);
    assertEquals(1, tenth[1]);
    assertEquals(3, tenth[12]);
    assertEquals(1, tenth[24]);
    assertEquals(7, java.util.Arrays.stream(tenth).sum());
    // 1 s windows: {1,2,3}=3, {1,4,5}=3, {1}=1 (the last window is half long: left out of the summary)
    assertArrayEquals(new double[] {3, 3, 1}, p.workingSets().get(1).values());
    assertEquals(3, p.workingSets().get(1).summary().mean(), 1e-12);
    // 10 s window: all 5 pages
    assertArrayEquals(new double[] {5}, p.workingSets().get(2).values());
  }

  @Test
  void aShortLastSecondIsNotExtrapolatedIntoASpike() throws IOException {
    // 2.02 s (like the shipped 20.02 s traces): 100 rows in each whole second, 6 in the last 20 ms. Scaled to a
    // rate, those 6 would be a spike of 300/s and pull the mean to (100 + 100 + 300) / 3 = 166.7.
    Path f = dir.resolve("s.trace.arrow");
    TraceMetadata m = TraceMetadata.builder().ramRanges(RamRanges.ofPages(1000)).durationUs(2_020_000).build();
    try (TraceWriter w = TraceWriter.create(f, m)) {
      for (long t = 0; t < 2_000_000; t += 10_000) {
        w.write(t, t / 10_000);
      }
      for (long p = 0; p < 6; p++) {
        w.write(2_010_000, 500 + p);
      }
    }
    TraceProfile p = TraceProfile.of(f);
    assertArrayEquals(new double[] {100, 100}, p.dirtyRate().values());
    assertEquals(206 / 2.02, p.dirtyRate().summary().mean(), 1e-9);
    assertEquals(100, p.dirtyRate().summary().max());
  }
}
