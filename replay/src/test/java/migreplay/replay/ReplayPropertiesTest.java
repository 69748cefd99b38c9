package migreplay.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import migreplay.replay.engine.Replayer;
import migreplay.replay.engine.RunOptions;
import migreplay.replay.engine.TestTraces;
import migreplay.replay.engine.TraceEnd;
import migreplay.replay.engine.WithinEpoch;
import migreplay.replay.sweep.RunSpec;
import migreplay.replay.sweep.Sweep;
import migreplay.results.ResultsWriter;
import migreplay.results.RoundResult;
import migreplay.results.RunResult;
import migreplay.trace.RamRanges;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariants over seeded random traces and options: every run is checked by the engine's invariant checker
 * (every RAM page sent at least once, no page's last write after its last send, no hot page sent live), and
 * the totals must add up.
 */
class ReplayPropertiesTest {
  @TempDir Path dir;

  /** A random case: trace shape and run options from one seed. */
  record Case(long seed, RamRanges ram, long durationUs, long resolutionUs, int rows, RunOptions options,
      Map<String, String> xenParams) {}

  static Stream<Arguments> cases() {
    return LongStream.range(0, 40).mapToObj(seed -> {
      Random rnd = new Random(seed);
      RamRanges ram = rnd.nextBoolean() ? RamRanges.ofPages(200 + rnd.nextInt(3000))
          : RamRanges.parse("0-" + (100 + rnd.nextInt(500)) + ",1000-" + (1100 + rnd.nextInt(2000)));
      long resolution = new long[] {1, 1000, 10_000}[rnd.nextInt(3)];
      long duration = (1 + rnd.nextInt(200)) * 10_000L;
      long bw = new long[] {10_000_000L, 100_000_000L, 1_000_000_000L}[rnd.nextInt(3)];
      RunOptions o = new RunOptions(bw, rnd.nextInt(3) * 8, rnd.nextInt(2) == 0 ? 0 : duration / 3,
          TraceEnd.values()[rnd.nextInt(2)], WithinEpoch.values()[rnd.nextInt(2)], rnd.nextInt(2) * 1000);
      Map<String, String> p = Map.of("batch_pages", Integer.toString(1 + rnd.nextInt(300)),
          "stop_pages", Integer.toString(rnd.nextInt(60)), "max_rounds", Integer.toString(1 + rnd.nextInt(29)));
      return Arguments.of(new Case(seed, ram, duration, resolution, 1 + rnd.nextInt(20_000), o, p));
    });
  }

  Path trace(Case c, int batchRows) throws IOException {
    return TestTraces.write(dir.resolve("t" + c.seed() + "-" + batchRows + ".trace.arrow"), c.ram(), c.durationUs(),
        c.resolutionUs(), batchRows, TestTraces.random(c.seed(), c.ram(), c.durationUs(), c.resolutionUs(), c.rows()));
  }

  static List<Map<String, String>> variants(Case c) {
    List<Map<String, String>> v = new ArrayList<>();
    v.add(c.xenParams());
    Map<String, String> permuted = new java.util.HashMap<>(c.xenParams());
    permuted.put("scan_order", "permute");
    v.add(permuted);
    return v;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void everyAlgorithmKeepsTheInvariantAndTotalsAddUp(Case c) throws IOException {
    Path t = trace(c, 65_536);
    List<RunSpec> specs = new ArrayList<>();
    for (Map<String, String> p : variants(c)) {
      specs.add(new RunSpec(t, Algorithm.XEN_PRECOPY, p, c.options()));
      for (String policy : new String[] {"paper", "consecutive:2"}) {
        Map<String, String> q = new java.util.HashMap<>(p);
        q.put("hot_policy", policy);
        specs.add(new RunSpec(t, Algorithm.IMPROVED_PRECOPY, q, c.options()));
      }
    }
    specs.add(new RunSpec(t, Algorithm.STOP_AND_COPY, Map.of(), c.options()));
    for (RunSpec s : specs) {
      RunResult r = s.run(true); // throws if the invariant is broken
      assertEquals("ok", r.status());
      assertEquals(r.pagesSent(), r.roundResults().stream().mapToLong(RoundResult::pagesSent).sum());
      assertEquals(r.rounds(), r.roundResults().size());
      assertTrue(r.roundResults().get(r.rounds() - 1).last());
      long pageBytes = 4096 + c.options().pageHeaderBytes();
      assertEquals(r.pagesSent() * pageBytes, r.bytesSent());
      double expected = r.bytesSent() * 8.0 / c.options().bandwidthBps() + c.options().resumeOverheadUs() / 1e6;
      assertEquals(expected, r.totalTimeS(), 1e-9 * expected);
      assertTrue(r.pagesSent() >= c.ram().pageCount());
      assertTrue(r.rounds() <= Integer.parseInt(s.params().getOrDefault("max_rounds", "29")) + 1);
      assertEquals(r.hotPages(), r.roundResults().stream().mapToLong(RoundResult::hotAdded).sum());
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void wordScanMatchesPageByPageReferenceAndArrowBatchSizeDoesNotMatter(Case c) throws IOException {
    Path big = trace(c, 65_536);
    Path small = trace(c, 7);
    for (Algorithm a : new Algorithm[] {Algorithm.XEN_PRECOPY, Algorithm.IMPROVED_PRECOPY}) {
      RunResult words = new RunSpec(big, a, c.xenParams(), c.options()).run(false);
      Map<String, String> ref = new java.util.HashMap<>(c.xenParams());
      ref.put("scan_order", "linear-reference");
      RunResult pages = new RunSpec(big, a, ref, c.options()).run(false);
      assertEquals(words.roundResults(), pages.roundResults());
      RunResult smallBatches = new RunSpec(small, a, c.xenParams(), c.options()).run(false);
      assertEquals(words.roundResults(), smallBatches.roundResults());
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void resultsDoNotDependOnThreadCount(Case c) throws IOException {
    Path t = trace(c, 1000);
    List<RunSpec> specs = new ArrayList<>();
    for (Algorithm a : Algorithm.values()) {
      for (long bw : new long[] {c.options().bandwidthBps(), c.options().bandwidthBps() * 3}) {
        RunOptions o = new RunOptions(bw, c.options().pageHeaderBytes(), c.options().startUs(),
            c.options().traceEnd(), c.options().withinEpoch(), c.options().resumeOverheadUs());
        // qemu-precopy never gives up by itself: bound the runs that do not converge to 2 s of migration.
        specs.add(new RunSpec(t, a, a == Algorithm.QEMU_PRECOPY ? Map.of("timeout", "2s") : Map.of(), o));
      }
    }
    Path one = dir.resolve("one");
    Path four = dir.resolve("four");
    ResultsWriter.write(one, Sweep.run(specs, 1, false, r -> { }));
    ResultsWriter.write(four, Sweep.run(specs, 4, false, r -> { }));
    for (String f : new String[] {"runs.csv", "rounds.csv", "runs.arrow", "rounds.arrow"}) {
      assertEquals(-1L, Files.mismatch(one.resolve(f), four.resolve(f)), f);
    }
  }
}
