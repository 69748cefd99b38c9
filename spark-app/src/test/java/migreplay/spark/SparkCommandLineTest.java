package migreplay.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import migreplay.cli.Migreplay;
import migreplay.ingest.synth.SyntheticTrace;
import migreplay.ingest.synth.WriterSpec;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line with {@code --engine spark} (the engine found through ServiceLoader, as in the
 * spark-submit jar this module packages) against {@code --engine local}: the same results files.
 */
class SparkCommandLineTest {
  @TempDir static Path dir;
  static Path traces;

  @BeforeAll
  static void traces() throws IOException {
    traces = Files.createDirectories(dir.resolve("traces"));
    new SyntheticTrace(RamRanges.ofPages(4096), 2_000_000, 10_000, 1, List.of(WriterSpec.parse("hot:pages=300,p=0.9"),
        WriterSpec.parse("cold:rate=20000"))).write(traces.resolve("a.trace.arrow"), TraceMetadata.builder(), e -> { });
    new SyntheticTrace(RamRanges.ofPages(2048), 500_000, 5_000, 3, List.of(WriterSpec.parse("sweep:rate=40000")))
        .write(traces.resolve("c.trace.arrow"), TraceMetadata.builder(), e -> { });
  }

  int run(StringWriter err, String... args) {
    CommandLine cl = Migreplay.commandLine();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void theCommandLineWritesTheSameFilesWithEitherEngine() throws IOException {
    String[] sweep = {"replay", traces.toString(), "-a", "xen-precopy,improved-precopy", "-b", "100Mbit,1Gbit"};
    StringWriter err = new StringWriter();
    assertEquals(0, run(err, concat(sweep, "--engine", "local", "-o", dir.resolve("cli-local").toString())),
        err.toString());
    assertEquals(0, run(err, concat(sweep, "--engine", "spark", "--master", "local[2]", "-o",
        dir.resolve("cli-spark").toString())), err.toString());
    for (String f : new String[] {"runs.csv", "rounds.csv"}) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("cli-local").resolve(f)),
          Files.readAllBytes(dir.resolve("cli-spark").resolve(f)), f);
    }

    assertEquals(2, run(err, concat(sweep, "--engine", "flink", "-o", dir.resolve("x").toString())));
    assertTrue(err.toString().contains("--engine': 'flink': expected local or spark"), err.toString());
    assertEquals(1, run(err, "replay", "hdfs-missing/none.trace.arrow", "--engine", "spark", "--master", "local[1]",
        "-o", dir.resolve("y").toString()));
    assertTrue(err.toString().contains("hdfs-missing/none.trace.arrow: no such file"), err.toString());
  }

  @Test
  void aFleetsDrainsAreTheSameOnSparkOneHostATask() throws IOException {
    Path hosts = Files.createDirectories(dir.resolve("hosts"));
    Files.writeString(hosts.resolve("h1.json"), "{\"guests\": [\"../traces/a.trace.arrow\", \"../traces/c.trace.arrow\"]}");
    Files.writeString(hosts.resolve("more.csv"), "host,trace\nh2,../traces/c.trace.arrow\nh3,../traces/a.trace.arrow\n");
    String[] drain = {"drain", "--hosts", hosts.toString(), "-a", "qemu-precopy", "--link", "100Mbit,1Gbit",
        "--parallel", "1,2"};
    StringWriter err = new StringWriter();
    assertEquals(0, run(err, concat(drain, "-o", dir.resolve("fleet-local").toString())), err.toString());
    assertEquals(0, run(err, concat(drain, "--engine", "spark", "--master", "local[2]", "-o",
        dir.resolve("fleet-spark").toString())), err.toString());
    for (String f : new String[] {"drain.csv", "link.csv"}) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("fleet-local").resolve(f)),
          Files.readAllBytes(dir.resolve("fleet-spark").resolve(f)), f);
    }
    // 3 hosts x 2 parallelisms x 2 links, host after host
    List<String> rows = Files.readAllLines(dir.resolve("fleet-spark/drain.csv"));
    assertEquals(1 + 2 * 2 * (2 + 1 + 1), rows.size());
    assertTrue(rows.get(rows.size() - 1).startsWith("h3,11,"), rows.get(rows.size() - 1));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
