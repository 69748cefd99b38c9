package migreplay.replay.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import migreplay.results.RoundResult;
import migreplay.replay.engine.RunOptions;
import migreplay.results.RunResult;
import migreplay.replay.engine.TraceEnd;
import migreplay.replay.engine.WithinEpoch;
import migreplay.trace.PageSet;
import migreplay.trace.RamRanges;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * qemu-precopy over seeded random traces and parameters: completed runs keep the invariant (every RAM page
 * sent, none written after its last send; with a hold-back, every held page sent exactly once, in the
 * completion pass, and never in a live round after it was held: the engine's checker throws otherwise), the
 * totals add up, the series is monotone, and a run is deterministic.
 */
class QemuPropertiesTest {
  @TempDir Path dir;

  record Case(long seed, RamRanges ram, long durationUs, int rows, boolean withInitial, RunOptions options,
      Map<String, String> params) {}

  static Stream<Case> cases() {
    return LongStream.range(0, 30).mapToObj(seed -> {
      Random rnd = new Random(seed);
      RamRanges ram = rnd.nextBoolean() ? RamRanges.ofPages(200 + rnd.nextInt(3000))
          : RamRanges.parse("0-" + (100 + rnd.nextInt(500)) + ",1000-" + (1100 + rnd.nextInt(2000)));
      long duration = (1 + rnd.nextInt(300)) * 10_000L;
      long bw = new long[] {10_000_000L, 100_000_000L, 1_000_000_000L}[rnd.nextInt(3)];
      RunOptions o = new RunOptions(bw, 8, rnd.nextBoolean() ? 0 : duration / 3,
          TraceEnd.values()[rnd.nextInt(2)], WithinEpoch.SPREAD, rnd.nextInt(2) * 1000);
      Map<String, String> p = new HashMap<>();
      p.put("qemu_version", rnd.nextBoolean() ? "7.2" : "9.2");
      p.put("max_bandwidth", new String[] {"0", "1MiB/s", "4MiB/s", "32MiB/s"}[rnd.nextInt(4)]);
      p.put("downtime_limit", (1 + rnd.nextInt(500)) + "ms");
      p.put("auto_converge", rnd.nextBoolean() ? "on" : "off");
      p.put("timeout", (1 + rnd.nextInt(20)) + "s");
      p.put("device_pages", Integer.toString(rnd.nextInt(100)));
      p.put("device_nonzero_pages", "0");
      p.put("guest_speed", new String[] {"1", "0.5", "0.62", "2", Double.toString(0.1 + rnd.nextDouble())}[rnd.nextInt(5)]);
      p.put("zero_page_rate", Integer.toString(rnd.nextInt(3) * 100_000));
      p.put("sync_time", rnd.nextInt(3) + "ms");
      Random log = new Random(seed * 31 + 7); // its own draws: the other cases stay as they were
      if (p.get("qemu_version").equals("7.2") && log.nextInt(3) == 0) {
        p.put("dirty_log", "tcg-7.2");
        p.put("tcg_log_share", new String[] {"0", "0.17", "0.5", "1"}[log.nextInt(4)]);
      }
      Random hold = new Random(seed * 131 + 3); // the hold-back's own draws, likewise
      if (hold.nextInt(3) != 0) {
        p.put("hot_policy", hold.nextBoolean() ? "paper" : "consecutive:" + (1 + hold.nextInt(4)));
        p.put("hot_from_sync", Integer.toString(2 + hold.nextInt(3)));
        p.put("hot_pending", hold.nextBoolean() ? "counted" : "excluded");
      }
      return new Case(seed, ram, duration, 1 + rnd.nextInt(20_000), rnd.nextBoolean(), o, p);
    });
  }

  Path trace(Case c) throws IOException {
    Random rnd = new Random(c.seed());
    long pages = c.ram().pageCount();
    long hot = Math.max(1, pages / 20);
    long[][] rows = new long[c.rows()][];
    java.util.Set<Long> seen = new java.util.HashSet<>();
    int n = 0;
    for (int i = 0; i < c.rows(); i++) {
      long t = (long) (rnd.nextDouble() * c.durationUs());
      long k = rnd.nextInt(4) == 0 ? (long) (rnd.nextDouble() * pages) : (long) (rnd.nextDouble() * hot);
      long pfn = c.ram().pfnAt(k);
      if (seen.add(t * 1_000_000L + pfn)) {
        rows[n++] = new long[] {t, pfn};
      }
    }
    PageSet initial = null;
    if (c.withInitial()) {
      PageSet.Builder b = PageSet.builder();
      for (long k = 0; k < pages; k += 1 + rnd.nextInt(3)) {
        b.add(c.ram().pfnAt(k));
      }
      initial = b.build();
    }
    return QemuTraces.write(dir.resolve("q" + c.seed() + ".trace.arrow"), c.ram(), c.durationUs(), initial,
        java.util.Arrays.copyOf(rows, n));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void completedRunsKeepTheInvariantAndTotalsAddUp(Case c) throws IOException {
    Path t = trace(c);
    QemuPrediction p = QemuPrediction.run(t, c.options(), c.params(), true); // the checker throws if broken
    RunResult r = p.result();
    RunResult.Counters k = r.counters();
    List<RoundResult> rs = r.roundResults();
    assertEquals("ok", r.status());
    assertEquals(r.pagesSent(), rs.stream().mapToLong(RoundResult::pagesSent).sum());
    assertEquals(k.zeroPages(), rs.stream().mapToLong(x -> x.sync().zeroPages()).sum());
    assertEquals(r.pagesSent(), k.normalPages() + k.zeroPages());
    assertEquals(r.bytesSent(), k.transferredBytes());
    long pageBytes = 4096 + 8;
    long records = k.normalPages() * pageBytes + k.zeroPages() * 9;
    long eos = k.transferredBytes() - records;
    assertTrue(eos > 0 && eos % 8 == 0, "EOS bytes " + eos);
    assertEquals(r.rounds(), k.dirtySyncCount());
    if (c.params().containsKey("hot_policy")) {
      assertEquals(r.hotPages(), rs.stream().mapToLong(RoundResult::hotAdded).sum());
    } else {
      assertNull(r.hotPages());
      assertTrue(rs.stream().allMatch(x -> x.hotAdded() == null));
    }
    long devicePages = Long.parseLong(c.params().get("device_pages"));
    if (RunResult.COMPLETED.equals(r.migrationStatus())) {
      RoundResult last = rs.get(rs.size() - 1);
      assertTrue(last.last());
      if (r.hotPages() != null) {
        assertEquals(0L, last.hotAdded());
        assertTrue(last.pagesSent() >= r.hotPages(), "the held pages are sent in the last round");
      }
      assertTrue(r.converged());
      assertEquals(0, k.remainingBytes());
      assertTrue(r.pagesSent() >= c.ram().pageCount() + devicePages);
      long lastZero = last.sync().zeroPages();
      assertEquals((last.pagesSent() - lastZero) * pageBytes + lastZero * 9, k.downtimeBytes());
      assertEquals(last.durationS() + c.options().resumeOverheadUs() / 1e6, r.downtimeS(), 1e-12);
    } else {
      assertEquals(RunResult.NOT_CONVERGED, r.migrationStatus());
      assertTrue(rs.stream().noneMatch(RoundResult::last));
      assertEquals(0.0, r.downtimeS());
      long timeoutS = Long.parseLong(c.params().get("timeout").replace("s", ""));
      assertTrue(r.totalTimeS() >= timeoutS && r.totalTimeS() < timeoutS + 0.01, "cancelled at " + r.totalTimeS());
    }
    for (int i = 1; i < p.series().size(); i++) {
      Sample a = p.series().get(i - 1);
      Sample b = p.series().get(i);
      assertTrue(b.tS() >= a.tS() && b.transferredBytes() >= a.transferredBytes()
          && b.dirtySyncCount() >= a.dirtySyncCount(), a + " then " + b);
    }
    Sample end = p.series().get(p.series().size() - 1);
    assertEquals(k.transferredBytes(), end.transferredBytes());
    assertEquals(k.remainingBytes(), end.remainingBytes());
    assertEquals(QemuPrediction.run(t, c.options(), c.params()), p); // deterministic
  }

  @org.junit.jupiter.api.Test
  void aSweepVariesQemuParametersLikeAnyOther() throws IOException {
    Case c = cases().filter(x -> x.ram().rangeCount() == 1).findFirst().orElseThrow();
    Path t = trace(c);
    migreplay.replay.sweep.SweepPlan plan = new migreplay.replay.sweep.SweepPlan(List.of(t),
        List.of(migreplay.replay.Algorithm.XEN_PRECOPY, migreplay.replay.Algorithm.QEMU_PRECOPY),
        List.of(c.options()), new java.util.LinkedHashMap<>(Map.of("max_bandwidth", List.of("1MiB/s", "32MiB/s"),
            "timeout", List.of("5s"))));
    List<RunResult> runs = migreplay.replay.sweep.Sweep.run(plan.specs(), 2, true, r -> { });
    assertEquals(3, runs.size()); // xen once, qemu at two caps
    assertTrue(runs.get(1).params().contains("max_bandwidth=1MiB/s;"), runs.get(1).params());
    assertTrue(runs.get(2).params().contains("max_bandwidth=32MiB/s;"), runs.get(2).params());
    assertNull(runs.get(0).counters());
    assertEquals(RunResult.COMPLETED, runs.get(0).migrationStatus());
  }
}
