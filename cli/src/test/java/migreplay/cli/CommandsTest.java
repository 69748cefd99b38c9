package migreplay.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every subcommand from the command line, as a user types it, with its exit codes. */
class CommandsTest extends CliTest {
  @Test
  void synthReplayReportCheckAndRun() throws Exception {
    Files.createDirectories(dir.resolve("traces"));
    assertEquals(0, run("synth", "-o", p("traces/s.trace.arrow"), "--ram", "8MiB", "--duration", "2s", "--epoch",
        "10ms", "--hot", "pages=50,p=0.9", "--cold", "rate=200"), err.toString());
    assertEquals(0, run("inspect", p("traces/s.trace.arrow"), "--json"), err.toString());
    assertTrue(out.toString().contains("\"ram_pages\":2048"), out.toString());
    assertEquals(0, run("replay", p("traces"), "-a", "xen-precopy,improved-precopy", "-b", "10Mbit,100Mbit",
        "--max-rounds", "29,5", "-o", p("res")), err.toString());
    // 2 algorithms x 2 bandwidths x 2 max_rounds values
    assertEquals(9, Files.readAllLines(dir.resolve("res/runs.csv")).size());
    assertEquals(0, run("report", p("res"), "-o", p("rep")), err.toString());
    assertTrue(Files.size(dir.resolve("rep/index.html")) > 100_000);
    assertEquals(0, run("check", p("res"), "--baseline", p("res")), out.toString());
    assertTrue(out.toString().startsWith("PASS: 8 runs matched"), out.toString());
    assertEquals(0, run("replay", p("traces"), "-a", "xen-precopy,improved-precopy", "-b", "10Mbit,100Mbit",
        "--max-rounds", "29,5", "--page-header", "100", "-o", p("res2")), err.toString());
    assertEquals(1, run("check", p("res2"), "--baseline", p("res")), out.toString());
    assertTrue(out.toString().contains("FAIL: 0 runs matched"), out.toString());
    // Streaming every run from its file (no shared decode) and 4 threads: the same files (the Arrow files'
    // provenance names the output directory, which differs, so their rows are compared).
    assertEquals(0, run("replay", p("traces"), "-a", "xen-precopy,improved-precopy", "-b", "10Mbit,100Mbit",
        "--max-rounds", "29,5", "--decode-memory", "0", "-j", "4", "-o", p("res3")), err.toString());
    for (String f : new String[] {"runs.csv", "rounds.csv"}) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("res/" + f)), Files.readAllBytes(dir.resolve("res3/" + f)), f);
    }
    for (String f : new String[] {"runs.arrow", "rounds.arrow"}) {
      assertEquals(arrowRows(dir.resolve("res/" + f)), arrowRows(dir.resolve("res3/" + f)), f);
    }
    assertEquals(0, run("run", p("traces"), "-o", p("main")), err.toString());
    assertTrue(Files.isRegularFile(dir.resolve("main/report/index.html")));
    assertTrue(Files.isRegularFile(dir.resolve("main/results/rounds.arrow")));
  }

  @Test
  void ingestCsvAndBadInputExitsOneWithTheLine() throws Exception {
    Files.writeString(dir.resolve("a.csv"), "t_us,pfn\n10,1\n5,2\n");
    assertEquals(0, run("ingest", p("a.csv"), "--ram-pages", "16", "-o", p("a.trace.arrow")), err.toString());
    assertTrue(out.toString().contains("2 rows in, 2 written"), out.toString());
    Files.writeString(dir.resolve("b.csv"), "t_us,pfn\n10,1\n5,two\n");
    assertEquals(1, run("ingest", p("b.csv"), "--ram-pages", "16", "-o", p("b.trace.arrow")));
    assertEquals("migreplay: error: " + p("b.csv") + ":3: pfn: expected a non-negative integer, found 'two'",
        err.toString().trim());
    assertFalse(Files.exists(dir.resolve("b.trace.arrow")));
  }

  @Test
  void ingestDirectorySkipsUpToDateOutputsAndRedoesChangedOnes() throws Exception {
    Path rec = Files.createDirectories(dir.resolve("rec"));
    Files.writeString(rec.resolve("a.csv"), "t_us,pfn\n10,1\n5,2\n");
    Files.writeString(rec.resolve("b.csv"), "t_ms,pfn\n1,3\n");
    Files.writeString(rec.resolve("b.csv.meta.json"), "{\"workload\": \"idle\"}");
    Files.writeString(rec.resolve("notes.md"), "not a trace\n");
    for (String f : new String[] {"a.csv", "b.csv", "b.csv.meta.json"}) { // recorded a minute ago
      Files.setLastModifiedTime(rec.resolve(f), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    }
    assertEquals(0, run("ingest", p("rec"), "--ram-pages", "16", "-o", p("out")), err.toString());
    assertTrue(out.toString().contains("a.csv -> " + p("out/a.trace.arrow") + " (csv, fast path): 2 rows in, 2 written"),
        out.toString());
    assertTrue(out.toString().contains("b.csv -> " + p("out/b.trace.arrow") + " (csv, fast path): 1 rows in, 1 written"),
        out.toString());
    assertEquals(0, run("ingest", p("rec"), "--ram-pages", "16", "-o", p("out")), err.toString());
    assertEquals(p("out/a.trace.arrow") + ": up to date, skipped\n" + p("out/b.trace.arrow") + ": up to date, skipped",
        out.toString().trim().replace("\r", ""));
    // A changed sidecar makes its input's output stale.
    Files.writeString(rec.resolve("b.csv.meta.json"), "{\"workload\": \"busy\"}");
    Files.setLastModifiedTime(rec.resolve("b.csv.meta.json"),
        FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    assertEquals(0, run("ingest", p("rec"), "--ram-pages", "16", "-o", p("out")), err.toString());
    assertTrue(out.toString().contains("a.trace.arrow: up to date, skipped"), out.toString());
    assertTrue(out.toString().contains("b.csv -> "), out.toString());
    assertEquals(0, run("inspect", p("out/b.trace.arrow")), err.toString());
    assertTrue(out.toString().contains("workload           busy"), out.toString());
    assertTrue(out.toString().contains("events             1"), out.toString());
  }

  @Test
  void inspectAndIngestOfWhatIsNotATraceExitOne() throws Exception {
    Files.writeString(dir.resolve("x.trace.arrow"), "t_us,pfn\n1,2\n");
    assertEquals(1, run("inspect", p("x.trace.arrow")));
    assertTrue(err.toString().startsWith("migreplay: error: " + p("x.trace.arrow") + ": "), err.toString());
    Files.writeString(dir.resolve("notes.txt"), "hello\n");
    assertEquals(1, run("ingest", p("notes.txt"), "--ram-pages", "16", "-o", p("n.trace.arrow")));
    assertEquals("migreplay: error: " + p("notes.txt") + ": cannot tell the format; give --format (csv, bitmap-dir, ftrace)",
        err.toString().trim());
    assertFalse(Files.exists(dir.resolve("n.trace.arrow")));
  }

  @Test
  void badUsageExitsTwo() throws Exception {
    Files.writeString(dir.resolve("a.csv"), "t_us,pfn\n10,1\n");
    assertEquals(0, run("ingest", p("a.csv"), "--ram-pages", "16", "-o", p("a.trace.arrow")));
    assertEquals(2, run("replay", p("a.trace.arrow"), "-a", "magic", "-o", p("r")));
    assertTrue(err.toString().contains("unknown algorithm 'magic'; valid: xen-precopy, improved-precopy, stop-and-copy"),
        err.toString());
    assertEquals(2, run("replay", p("a.trace.arrow"), "-b", "fast", "-o", p("r")));
    assertEquals(2, run("replay", p("a.trace.arrow"), "-o"));
    assertEquals(2, run("replay", p("a.trace.arrow"), "--decode-memory", "lots", "-o", p("r")));
    assertTrue(err.toString().contains("Invalid value for option '--decode-memory'"), err.toString());
    assertEquals(2, run("replay", p("a.trace.arrow"), "--master", "local[2]", "-o", p("r")));
    assertTrue(err.toString().contains("--master needs --engine spark"), err.toString());
    // The default build carries no Spark: say how to get it.
    assertEquals(2, run("replay", p("a.trace.arrow"), "--engine", "spark", "-o", p("r")));
    assertTrue(err.toString().contains("mvn -B -Pspark -DskipTests package"), err.toString());
    assertEquals(0, run("help", "replay"));
    assertTrue(out.toString().contains("--trace-end"), out.toString());
    // the engine's choices in the words a person types, not the enum's constants
    assertEquals(2, run("replay", p("a.trace.arrow"), "--trace-end", "forever", "-o", p("r")));
    assertTrue(err.toString().contains("Invalid value for option '--trace-end': 'forever': expected loop, idle or "
        + "error\n"), err.toString());
    assertEquals(2, run("replay", p("a.trace.arrow"), "--within-epoch", "end", "-o", p("r")));
    assertTrue(err.toString().contains("Invalid value for option '--within-epoch': 'end': expected spread or start\n"),
        err.toString());
    assertEquals(0, run("replay", p("a.trace.arrow"), "--trace-end", "IDLE", "--within-epoch", "Start", "-o", p("r")),
        err.toString());
  }

  @Test
  void theGateCannotPassByAccident() throws Exception {
    Files.createDirectories(dir.resolve("traces"));
    assertEquals(0, run("synth", "-o", p("traces/s.trace.arrow"), "--ram", "8MiB", "--duration", "1s", "--epoch",
        "10ms", "--hot", "pages=50,p=0.9", "--cold", "rate=200"), err.toString());
    assertEquals(0, run("replay", p("traces"), "-b", "100Mbit", "-o", p("res")), err.toString());
    // A bare number is refused: is 1 one percent or 100 %?
    assertEquals(2, run("check", p("res"), "--baseline", p("res"), "--tolerance", "1"));
    assertEquals("migreplay: Invalid value for option '--tolerance': expected a percentage with its unit, e.g. 1% or 0.5%,"
        + " found '1'\ntry 'migreplay check --help'", err.toString().trim().replace("\r", ""));
    assertEquals(0, run("check", p("res"), "--baseline", p("res"), "--tolerance", "0.5%"), out.toString());
    // Nothing matched: fails, with --allow-missing too.
    assertEquals(0, run("replay", p("traces"), "-b", "10Gbit", "-o", p("other")), err.toString());
    assertEquals(1, run("check", p("res"), "--baseline", p("other"), "--allow-missing"), out.toString());
    assertTrue(out.toString().contains("FAIL: 0 runs matched"), out.toString());
    // Every run failed: the results are written, failed rows have no measures, and the exit code says so.
    assertEquals(1, run("replay", p("traces"), "-b", "1Mbit", "--trace-end", "error", "-o", p("failed")));
    assertTrue(err.toString().contains("2 of 2 runs failed"), err.toString());
    List<String> csv = Files.readAllLines(dir.resolve("failed/runs.csv"));
    assertEquals(3, csv.size());
    assertTrue(csv.get(1).endsWith(",failed,\"the trace ended at 1.000000 s with --trace-end error, 1.000000 s into "
        + "the migration\",,,,,,,,,1" + ",".repeat(18)), csv.get(1)); // migration_status to manager_actions: empty
    assertTrue(out.toString().contains("failed: the trace ended"), out.toString());
  }

  @Test
  void helpHasNoFormatWarningsAndUsageErrorsAreOneLine() {
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true));
    try {
      assertEquals(0, run("check", "--help"));
    } finally {
      System.setErr(saved);
    }
    assertFalse(captured.toString().contains("WARN"), captured.toString());
    assertTrue(out.toString().contains("--tolerance 1%\n") && out.toString().contains("(default: 1%)"), out.toString());
    assertEquals(2, run("replay", "--no-such-option", "x.trace.arrow", "-o", "r"));
    List<String> lines = err.toString().lines().toList();
    assertEquals(2, lines.size(), err.toString());
    assertEquals("try 'migreplay replay --help'", lines.get(1));
  }

  @Test
  void completionPrintsABashScript() {
    assertEquals(0, run("completion"));
    assertTrue(out.toString().contains("complete -F _complete_migreplay") && out.toString().contains("--trace-end"),
        out.toString().substring(0, 200));
  }

  @Test
  void reportWithAnUnknownBaselineSaysWhichAreThere() throws Exception {
    Files.createDirectories(dir.resolve("traces"));
    assertEquals(0, run("synth", "-o", p("traces/s.trace.arrow"), "--ram", "8MiB", "--duration", "1s", "--epoch",
        "10ms", "--hot", "pages=50,p=0.9"), err.toString());
    assertEquals(0, run("replay", p("traces"), "-a", "improved-precopy", "-o", p("res")), err.toString());
    assertEquals(0, run("report", p("res"), "-o", p("rep"), "--baseline", "improved-precopy"), err.toString());
    assertEquals(2, run("report", p("res"), "-o", p("rep"), "--baseline", "xen"));
    assertEquals("migreplay: Invalid value for option '--baseline': no runs of 'xen' in " + p("res")
        + "; algorithms there: improved-precopy\ntry 'migreplay report --help'", err.toString().trim());
    // improved-precopy only, without --baseline: the only algorithm there is the baseline, and the report says
    // there is nothing to compare rather than failing.
    err.getBuffer().setLength(0);
    assertEquals(0, run("report", p("res"), "-o", p("rep")), err.toString());
    assertTrue(Files.readString(dir.resolve("rep/summary.md")).contains("Nothing is compared: every run is of the "
        + "baseline, improved-precopy."));
  }

  @Test
  void anOutputIsStaleWhenTheOptionsThatShapedItChange() throws Exception {
    Files.writeString(dir.resolve("a.csv"), "t_us,pfn\n10,1\n5,2\n");
    Files.setLastModifiedTime(dir.resolve("a.csv"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    assertEquals(0, run("ingest", p("a.csv"), "--ram-pages", "16", "-o", p("a.trace.arrow")), err.toString());
    assertEquals(0, run("ingest", p("a.csv"), "--ram-pages", "16", "-o", p("a.trace.arrow")), err.toString());
    assertEquals(p("a.trace.arrow") + ": up to date, skipped", out.toString().trim());
    assertEquals(0, run("ingest", p("a.csv"), "--ram-pages", "5000", "--hypervisor", "xen", "-o", p("a.trace.arrow")),
        err.toString());
    assertTrue(out.toString().contains("2 rows in, 2 written"), out.toString());
    assertEquals(0, run("inspect", p("a.trace.arrow")), err.toString());
    assertTrue(out.toString().contains("xen") && out.toString().contains("5000"), out.toString());
    assertEquals(0, run("ingest", p("a.csv"), "--ram-pages", "5000", "--hypervisor", "xen", "-o", p("a.trace.arrow")),
        err.toString());
    assertTrue(out.toString().contains("up to date, skipped"), out.toString());
  }

  @Test
  void directoryIngestGoesOnPastABadInputAndReportsEveryFailure() throws Exception {
    Path rec = Files.createDirectories(dir.resolve("rec"));
    Files.writeString(rec.resolve("a.csv"), "t_us,pfn\n10,1\n");
    Files.writeString(rec.resolve("b.csv"), "t_us,pfn\n10,x\n");
    Files.writeString(rec.resolve("c.csv"), "t_us,pfn\n10,99\n");
    Files.writeString(rec.resolve("d.csv"), "t_us,pfn\n10,3\n");
    assertEquals(1, run("ingest", p("rec"), "--ram-pages", "16", "-j", "1", "-o", p("out")));
    List<String> lines = err.toString().lines().toList();
    assertEquals(3, lines.size(), err.toString());
    assertTrue(lines.get(0).startsWith("migreplay: error: " + p("rec/b.csv") + ":2: "), lines.get(0));
    assertTrue(lines.get(1).startsWith("migreplay: error: " + p("rec/c.csv") + ":2: "), lines.get(1));
    assertEquals("migreplay: 2 of 4 inputs failed; the others were ingested", lines.get(2));
    assertTrue(Files.isRegularFile(dir.resolve("out/a.trace.arrow")) && Files.isRegularFile(dir.resolve("out/d.trace.arrow")));
    assertFalse(Files.exists(dir.resolve("out/b.trace.arrow")) || Files.exists(dir.resolve("out/c.trace.arrow")));
  }

  @Test
  void resultsCarryProvenanceAndStayByteIdenticalForAnyThreadCount() throws Exception {
    Files.createDirectories(dir.resolve("traces"));
    assertEquals(0, run("synth", "-o", p("traces/s.trace.arrow"), "--ram", "8MiB", "--duration", "1s", "--epoch",
        "10ms", "--hot", "pages=50,p=0.9"), err.toString());
    List<String> files = List.of("runs.arrow", "runs.parquet", "runs.csv", "rounds.arrow", "rounds.parquet", "rounds.csv");
    java.util.Map<String, byte[]> first = new java.util.HashMap<>();
    for (String threads : new String[] {"1", "3"}) {
      assertEquals(0, run("replay", p("traces"), "-b", "10Mbit,1Gbit", "--hot-policy", "paper,consecutive:2",
          "-j", threads, "-o", p("res")), err.toString());
      for (String f : files) {
        byte[] b = Files.readAllBytes(dir.resolve("res").resolve(f));
        first.putIfAbsent(f, b);
        assertTrue(java.util.Arrays.equals(first.get(f), b), f + " differs with -j " + threads);
      }
    }
    String arrow = new String(Files.readAllBytes(dir.resolve("res/runs.arrow")), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(arrow.contains("migreplay replay " + p("traces") + " -b 10Mbit,1Gbit --hot-policy paper,consecutive:2 -o "
        + p("res")), "command line in the schema metadata");
    assertTrue(arrow.contains("--trace-end=loop\n") && arrow.contains("--bandwidth=10Mbit,1Gbit\n"), "options");
    assertFalse(arrow.contains("--threads"), "the thread count does not shape results");
    assertTrue(arrow.contains("migreplay.version"), "version");
  }

  @Test
  void aGuestTooBigForTheHeapIsOneLineNotAStackTrace() throws Exception {
    // 2^35 pages (128 TiB): one dirty bitmap alone is 4 GiB, more than the test JVM's heap.
    migreplay.trace.TraceMetadata m = migreplay.trace.TraceMetadata.builder()
        .ramRanges(migreplay.trace.RamRanges.ofPages(1L << 35)).durationUs(1_000_000).resolutionUs(1)
        .hypervisor("unknown").workload("huge").build();
    try (migreplay.trace.TraceWriter w = migreplay.trace.TraceWriter.create(dir.resolve("huge.trace.arrow"), m)) {
      w.write(10, 7);
    }
    assertEquals(1, run("replay", p("huge.trace.arrow"), "-a", "xen-precopy", "-o", p("huge")));
    assertTrue(err.toString().startsWith("migreplay: error: out of memory: the Java heap ("), err.toString());
    assertTrue(err.toString().contains("MIGREPLAY_JAVA_OPTS=-Xmx") && !err.toString().contains("\tat "),
        err.toString());
  }

  /** An Arrow file's schema and rows as text, without its metadata. */
  static String arrowRows(Path file) throws java.io.IOException {
    try (org.apache.arrow.memory.RootAllocator alloc = new org.apache.arrow.memory.RootAllocator();
         java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file);
         org.apache.arrow.vector.ipc.ArrowFileReader r = new org.apache.arrow.vector.ipc.ArrowFileReader(ch, alloc)) {
      StringBuilder b = new StringBuilder(r.getVectorSchemaRoot().getSchema().getFields().toString());
      while (r.loadNextBatch()) {
        b.append(r.getVectorSchemaRoot().contentToTSVString());
      }
      return b.toString();
    }
  }
}
