package migreplay.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import migreplay.trace.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden files for comparison.csv and summary.md on a tiny replayed trace. Regenerate with
 * {@code mvn -pl report test -Dgolden.update=true} and review the diff.
 */
class ReportTest {
  @TempDir Path dir;

  static void golden(String name, String actual) throws IOException {
    Path file = Path.of("src/test/resources/golden", name);
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(file, actual);
    }
    assertEquals(Files.readString(file), actual, name + " differs from its golden file");
  }

  @Test
  void comparisonAndSummaryMatchGoldenFiles() throws IOException {
    Path results = Fixtures.replayed(dir);
    Path report = dir.resolve("report");
    Path index = Report.write(results, report, Report.Options.DEFAULT);
    golden("comparison.csv", Files.readString(report.resolve("comparison.csv")).replace(dir.toString(), "DIR"));
    golden("summary.md", Files.readString(report.resolve("summary.md")).replace(dir.toString(), "DIR"));
    String html = Files.readString(index);
    assertTrue(html.contains("<h2>Averages and the paper</h2>"));
    assertFalse(html.contains("<script src") || html.contains("<link") || html.contains("<img"),
        "scripts and styles are inlined; the browser test proves no request is made");
    // 3 algorithms at 2 bandwidths: 2 rounds charts, 3 metric charts, 1 trace chart.
    assertEquals(6, html.split("<figure class=chart>", -1).length - 1);
  }

  @Test
  void reportIsByteIdenticalWhenWrittenTwice() throws IOException {
    Path results = Fixtures.replayed(dir);
    Report.write(results, dir.resolve("a"), Report.Options.DEFAULT);
    Report.write(results, dir.resolve("b"), Report.Options.DEFAULT);
    for (String f : new String[] {"index.html", "summary.md", "comparison.csv"}) {
      assertEquals(-1L, Files.mismatch(dir.resolve("a").resolve(f), dir.resolve("b").resolve(f)), f);
    }
  }

  @Test
  void missingTraceIsSaidNotFatal() throws IOException {
    Path results = Fixtures.replayed(dir);
    Files.delete(dir.resolve("tiny.trace.arrow"));
    Path index = Report.write(results, dir.resolve("r"), Report.Options.DEFAULT);
    assertTrue(Files.readString(index).contains("could not be read"), "the report says the trace is absent");
  }

  @Test
  void missingResultsFileNamesIt() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> Report.write(dir, dir.resolve("r"), Report.Options.DEFAULT));
    assertTrue(e.getMessage().startsWith(dir.resolve("runs.arrow") + ": no such results file"), e.getMessage());
  }
}
