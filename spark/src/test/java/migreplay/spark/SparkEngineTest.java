package migreplay.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import migreplay.ingest.synth.SyntheticTrace;
import migreplay.ingest.synth.WriterSpec;
import migreplay.replay.Algorithm;
import migreplay.replay.sweep.DistributedEngine;
import migreplay.results.ResultsWriter;
import migreplay.replay.engine.RunOptions;
import migreplay.results.RunResult;
import migreplay.replay.sweep.Sweep;
import migreplay.replay.sweep.SweepPlan;
import migreplay.io.BadInputException;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceFiles;
import migreplay.trace.TraceMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark engine on {@code local[2]} against the local engine: the same results files, byte for byte. */
class SparkEngineTest {
  @TempDir static Path dir;
  static Path traces;

  @BeforeAll
  static void traces() throws IOException {
    traces = Files.createDirectories(dir.resolve("traces"));
    // Three small guests of different shapes; the slow link laps them.
    new SyntheticTrace(RamRanges.ofPages(4096), 2_000_000, 10_000, 1, List.of(WriterSpec.parse("hot:pages=300,p=0.9"),
        WriterSpec.parse("cold:rate=20000"))).write(traces.resolve("a.trace.arrow"), TraceMetadata.builder(), e -> { });
    new SyntheticTrace(RamRanges.ofPages(8192), 1_000_000, 1_000, 2, List.of(WriterSpec.parse("zipf:pages=2000,s=1.1,rate=200000")))
        .write(traces.resolve("b.trace.arrow"), TraceMetadata.builder(), e -> { });
    new SyntheticTrace(RamRanges.ofPages(2048), 500_000, 5_000, 3, List.of(WriterSpec.parse("sweep:rate=40000")))
        .write(traces.resolve("c.trace.arrow"), TraceMetadata.builder(), e -> { });
  }

  static SweepPlan plan(List<Path> files) {
    return new SweepPlan(files, List.of(Algorithm.XEN_PRECOPY, Algorithm.IMPROVED_PRECOPY, Algorithm.STOP_AND_COPY),
        List.of(RunOptions.defaults(50_000_000L), RunOptions.defaults(1_000_000_000L)),
        Map.of("hot_policy", List.of("paper", "consecutive:2")));
  }

  static void assertSameFiles(Path expected, Path actual, String... files) throws IOException {
    for (String f : files) {
      assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), f);
    }
  }

  @Test
  void sparkWritesTheLocalEnginesFilesAndSurvivesARetriedTask() throws IOException {
    List<Path> files = TraceFiles.expand(List.of(traces));
    Path local = dir.resolve("local");
    ResultsWriter.write(local, Sweep.run(plan(files).specs(), 2, true, r -> { }));

    Path spark = dir.resolve("spark");
    List<RunResult> results = new SparkEngine().run(List.of(traces.toString()), plan(List.of()),
        new DistributedEngine.Options(Optional.of("local[2]"), true, OptionalLong.empty()));
    assertEquals(3 * (1 + 2 + 1) * 2, results.size());
    ResultsWriter.write(spark, results);
    assertSameFiles(local, spark, "runs.csv", "rounds.csv", "runs.arrow", "rounds.arrow");

    // Through a Hadoop file system whose first attempt of every task fails: Spark retries each task once
    // (local[2,2]: two attempts allowed), each copied to a local file, streamed (no decode budget).
    System.setProperty("spark.hadoop.fs.flaky.impl", FlakyFileSystem.class.getName());
    try {
      Path flaky = dir.resolve("flaky");
      ResultsWriter.write(flaky, new SparkEngine().run(List.of("flaky://" + traces), plan(List.of()),
          new DistributedEngine.Options(Optional.of("local[2,2]"), false, OptionalLong.of(0))));
      assertSameFiles(local, flaky, "rounds.csv");
      String runs = Files.readString(flaky.resolve("runs.csv"), StandardCharsets.UTF_8);
      assertTrue(runs.contains("flaky://" + traces.resolve("a.trace.arrow")));
      assertEquals(Files.readString(local.resolve("runs.csv"), StandardCharsets.UTF_8), runs.replace("flaky://", ""));
    } finally {
      System.clearProperty("spark.hadoop.fs.flaky.impl");
    }
  }

  @Test
  void aBadTraceIsReportedAsWithoutSpark() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.trace.arrow"), "not arrow");
    BadInputException e = assertThrows(BadInputException.class, () -> new SparkEngine().run(List.of(bad.toString()),
        plan(List.of()), new DistributedEngine.Options(Optional.of("local[1]"), false, OptionalLong.empty())));
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
  }

}
