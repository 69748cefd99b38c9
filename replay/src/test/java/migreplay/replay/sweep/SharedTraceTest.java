package migreplay.replay.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import migreplay.replay.Algorithm;
import migreplay.replay.engine.Replayer;
import migreplay.replay.engine.RunOptions;
import migreplay.replay.engine.TestTraces;
import migreplay.results.ResultsWriter;
import migreplay.results.RunResult;
import migreplay.trace.DecodeBudget;
import migreplay.trace.RamRanges;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs that share one decode of their trace give the same results files as runs that each stream it. */
class SharedTraceTest {
  @TempDir Path dir;

  private List<RunSpec> sweep() throws IOException {
    RamRanges ram = RamRanges.ofPages(3000);
    // An epoch trace (runs of one time per block) and an exact-time one (delta-coded), both short enough
    // that the slow links lap them several times.
    Path epochs = TestTraces.write(dir.resolve("epochs.trace.arrow"), ram, 400_000, 10_000, 1000,
        TestTraces.random(11, ram, 400_000, 10_000, 40_000));
    Path exact = TestTraces.write(dir.resolve("exact.trace.arrow"), ram, 300_000, 1, 777,
        TestTraces.random(12, ram, 300_000, 1, 30_000));
    List<RunSpec> specs = new ArrayList<>();
    for (Path t : List.of(epochs, exact)) {
      for (long bw : new long[] {20_000_000L, 200_000_000L}) {
        RunOptions o = RunOptions.defaults(bw);
        specs.add(new RunSpec(t, Algorithm.XEN_PRECOPY, Map.of(), o));
        specs.add(new RunSpec(t, Algorithm.IMPROVED_PRECOPY, Map.of("hot_policy", "paper"), o));
        specs.add(new RunSpec(t, Algorithm.IMPROVED_PRECOPY, Map.of("hot_policy", "consecutive:2"), o));
        specs.add(new RunSpec(t, Algorithm.XEN_PRECOPY, Map.of(), o.withStartUs(123_457)));
        specs.add(new RunSpec(t, Algorithm.STOP_AND_COPY, Map.of(), o));
      }
    }
    return specs;
  }

  private Path results(String name, List<RunSpec> specs, int threads, DecodeBudget budget) throws IOException {
    Path out = dir.resolve(name);
    ResultsWriter.write(out, Sweep.run(specs, threads, true, r -> { }, budget));
    assertEquals(0, budget.used(), "every decoded trace is freed after its last run");
    return out;
  }

  @Test
  void sharingGivesByteIdenticalResultsForAnyThreadCount() throws IOException {
    List<RunSpec> specs = sweep();
    Path streamed = results("streamed", specs, 1, new DecodeBudget(0));
    Path shared1 = results("shared1", specs, 1, new DecodeBudget(1L << 30));
    Path shared4 = results("shared4", specs, 4, new DecodeBudget(1L << 30));
    // The exact-time trace fits (8 bytes a row: 243 kB), the epoch one (4 bytes a row and 4 of spread
    // offsets: 328 kB) not.
    Path partly = results("partly", specs, 4, new DecodeBudget(300_000));
    for (String f : new String[] {"runs.csv", "rounds.csv", "runs.arrow", "rounds.arrow"}) {
      byte[] expected = Files.readAllBytes(streamed.resolve(f));
      assertArrayEquals(expected, Files.readAllBytes(shared1.resolve(f)), f + " with 1 thread");
      assertArrayEquals(expected, Files.readAllBytes(shared4.resolve(f)), f + " with 4 threads");
      assertArrayEquals(expected, Files.readAllBytes(partly.resolve(f)), f + " with a small budget");
    }
    // The slow links outlast the traces, so laps read the decoded rows again.
    List<RunResult> runs = Sweep.run(specs.subList(0, 1), 1, false, r -> { }, new DecodeBudget(0));
    assertTrue(runs.get(0).totalTimeS() > 0.4 * 2, "the first run laps its trace: " + runs.get(0).totalTimeS());
  }

  @Test
  void decodesOnceForTwoOrMoreRunsAndFreesAfterTheLast() throws IOException {
    RamRanges ram = RamRanges.ofPages(1000);
    Path t = TestTraces.write(dir.resolve("t.trace.arrow"), ram, 100_000, 1000, 500,
        TestTraces.random(5, ram, 100_000, 1000, 5000));
    RunSpec spec = new RunSpec(t, Algorithm.XEN_PRECOPY, Map.of(), RunOptions.defaults(100_000_000L));
    DecodeBudget budget = new DecodeBudget(1L << 20);
    SharedTrace shared = new SharedTrace(t, 2, budget);
    RunResult first = shared.run(spec, "given/label.trace.arrow", false);
    assertTrue(shared.decoded());
    assertTrue(budget.used() > 0 && budget.used() <= 5000 * 8 + 10 * 200, "held " + budget.used());
    RunResult second = shared.run(spec, "given/label.trace.arrow", false);
    assertFalse(shared.decoded());
    assertEquals(0, budget.used());
    assertEquals(first, second);
    assertEquals("given/label.trace.arrow", first.trace());
    assertEquals("label", first.traceName());
    assertEquals(spec.run(false).withRunId(-1).roundResults(), first.roundResults());

    assertEquals(first, new SharedTrace(t, 1, budget).run(spec, "given/label.trace.arrow", false));
  }
}
