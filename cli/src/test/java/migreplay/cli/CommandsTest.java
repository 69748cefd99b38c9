package migreplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every subcommand from the command line, as a user types it, with its exit codes. */
class CommandsTest {
  @TempDir Path dir;
  StringWriter out;
  StringWriter err;

  int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cl = Migreplay.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  String p(String name) {
    return dir.resolve(name).toString();
  }

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
  void badUsageExitsTwo() throws Exception {
    Files.writeString(dir.resolve("a.csv"), "t_us,pfn\n10,1\n");
    assertEquals(0, run("ingest", p("a.csv"), "--ram-pages", "16", "-o", p("a.trace.arrow")));
    assertEquals(2, run("replay", p("a.trace.arrow"), "-a", "magic", "-o", p("r")));
    assertTrue(err.toString().contains("unknown algorithm 'magic'; valid: xen-precopy, improved-precopy, stop-and-copy"),
        err.toString());
    assertEquals(2, run("replay", p("a.trace.arrow"), "-b", "fast", "-o", p("r")));
    assertEquals(2, run("replay", p("a.trace.arrow"), "-o"));
    assertEquals(0, run("help", "replay"));
    assertTrue(out.toString().contains("--trace-end"), out.toString());
  }
}
