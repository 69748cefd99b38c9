package migreplay.replay.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import migreplay.replay.engine.RunOptions;
import migreplay.replay.engine.TraceEnd;
import migreplay.replay.engine.WithinEpoch;
import migreplay.results.RoundResult;
import migreplay.results.RunResult;
import migreplay.trace.RamRanges;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Post-copy over seeded random traces (with and without reads) and settings, with the invariant checker on:
 * every page dirty at the switch reaches the destination exactly once after it, in the background or on
 * request and never both, nothing else is sent after it, a blocked guest runs again only once its page has
 * arrived ({@code PostcopyCheck} throws otherwise); the figures add up; runs are deterministic.
 */
class PostcopyPropertiesTest {
  @TempDir Path dir;

  record Case(long seed, long pages, long durationUs, int rows, boolean reads, RunOptions options,
      Map<String, String> params) {}

  static Stream<Case> cases() {
    return LongStream.range(0, 24).mapToObj(seed -> {
      Random rnd = new Random(seed * 7919 + 3);
      long pages = 100 + rnd.nextInt(2000);
      long duration = (1 + rnd.nextInt(200)) * 10_000L;
      long bw = new long[] {10_000_000L, 100_000_000L, 1_000_000_000L}[rnd.nextInt(3)];
      RunOptions o = new RunOptions(bw, 8, rnd.nextBoolean() ? 0 : duration / 3, TraceEnd.LOOP, WithinEpoch.SPREAD,
          rnd.nextInt(2) * 1000);
      Map<String, String> p = new HashMap<>();
      p.put("max_bandwidth", new String[] {"0", "1MiB/s", "4MiB/s"}[rnd.nextInt(3)]);
      p.put("downtime_limit", (1 + rnd.nextInt(300)) + "ms");
      p.put("timeout", "60s");
      p.put("device_pages", Integer.toString(rnd.nextInt(50)));
      p.put("device_nonzero_pages", "0");
      p.put("guest_speed", new String[] {"1", "0.5", "3"}[rnd.nextInt(3)]);
      p.put("postcopy_start", rnd.nextBoolean() ? "syncs:" + (1 + rnd.nextInt(4)) : "time:" + (1 + rnd.nextInt(400)) + "ms");
      p.put("postcopy_rtt", new String[] {"0us", "100us", "500us", "5ms"}[rnd.nextInt(4)]);
      p.put("max_postcopy_bandwidth", new String[] {"0", "0", "2MiB/s"}[rnd.nextInt(3)]);
      return new Case(seed, pages, duration, 1 + rnd.nextInt(20_000), rnd.nextBoolean(), o, p);
    });
  }

  Path trace(Case c) throws IOException {
    Random rnd = new Random(c.seed());
    long hot = Math.max(1, c.pages() / 10);
    long[][] rows = new long[c.rows()][];
    Set<Long> seen = new HashSet<>();
    int n = 0;
    for (int i = 0; i < c.rows(); i++) {
      long t = (long) (rnd.nextDouble() * c.durationUs());
      long pfn = rnd.nextInt(4) == 0 ? (long) (rnd.nextDouble() * c.pages()) : (long) (rnd.nextDouble() * hot);
      if (seen.add(t * 1_000_000L + pfn)) {
        rows[n++] = new long[] {t, pfn, c.reads() && rnd.nextInt(3) == 0 ? 1 : 0};
      }
    }
    long[][] used = java.util.Arrays.copyOf(rows, n);
    Path f = dir.resolve("p" + c.seed() + ".trace.arrow");
    if (c.reads()) {
      return QemuTraces.writeWithReads(f, RamRanges.ofPages(c.pages()), c.durationUs(), null, used);
    }
    long[][] writes = new long[n][];
    for (int i = 0; i < n; i++) {
      writes[i] = new long[] {used[i][0], used[i][1]};
    }
    return QemuTraces.write(f, RamRanges.ofPages(c.pages()), c.durationUs(), null, writes);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void everyDirtyPageReachesTheDestinationOnceAndTheFiguresAddUp(Case c) throws IOException {
    Path t = trace(c);
    RunResult r = QemuPrediction.run(t, c.options(), c.params(), true).result(); // the checkers throw if broken
    assertEquals("ok", r.status());
    if (!RunResult.COMPLETED.equals(r.migrationStatus())) {
      return;
    }
    List<RoundResult> rs = r.roundResults();
    RunResult.Postcopy pc = r.postcopy();
    if (pc == null) {
      // it completed before the switch was due: a plain pre-copy, ending with the stop round
      assertTrue(rs.get(rs.size() - 1).last());
      return;
    }
    assertNotNull(r.managerActions());
    RoundResult stop = rs.get(rs.size() - 2);
    RoundResult post = rs.get(rs.size() - 1);
    assertEquals(RoundResult.STOP, stop.phase());
    assertEquals(0, stop.pagesSent());
    assertEquals(RoundResult.POSTCOPY, post.phase());
    assertEquals(pc.postcopyPages(), post.pagesSent());
    assertEquals(r.pagesSent(), pc.precopyPages() + pc.postcopyPages());
    assertTrue(pc.requestPages() <= pc.requests(), "each page sent on request answers a fault");
    assertTrue(pc.requestPages() <= pc.postcopyPages());
    assertEquals(c.reads() ? "reads+writes" : "writes only", pc.faultAccesses());
    long rttNs = migreplay.replay.params.Units.micros(c.params().get("postcopy_rtt")) * 1000;
    assertTrue(pc.faultWaitS() >= pc.requestPages() * (rttNs / 1e9) - 1e-9,
        "a fault served on request waits at least a round trip");
    assertEquals(stop.durationS() + c.options().resumeOverheadUs() / 1e6, r.downtimeS(), 1e-12);
    assertEquals(r.totalTimeS(), post.startS() + post.durationS() + c.options().resumeOverheadUs() / 1e6, 1e-9);
    // deterministic
    assertEquals(r, QemuPrediction.run(t, c.options(), c.params(), true).result());
  }
}
