package migreplay.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import migreplay.io.BadInputException;
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
    assertTrue(html.contains("<h2>Averages against xen-precopy, per link and parameter set</h2>"));
    assertFalse(html.contains("<script src") || html.contains("<link") || html.contains("<img"),
        "scripts and styles are inlined; the browser test proves no request is made");
    // 3 bar charts (data, time, downtime), 2 per-round charts (one per link), 1 trace chart, 1 payoff chart.
    assertEquals(7, html.split("<figure class=chart>", -1).length - 1);
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

  @Test
  void aSweepOfTwoHotPoliciesAtTwoLinksIsReportedPerCombination() throws IOException {
    Path results = Fixtures.sweep(dir);
    Path report = dir.resolve("report");
    Path index = Report.write(results, report, Report.Options.DEFAULT);
    List<String> csv = Files.readAllLines(report.resolve("comparison.csv"));
    String md = Files.readString(report.resolve("summary.md"));
    String html = Files.readString(index);
    for (String policy : new String[] {"hot_policy=paper", "hot_policy=consecutive:2"}) {
      for (String link : new String[] {"10Mbit", "100Mbit"}) {
        long bps = link.equals("10Mbit") ? 10_000_000L : 100_000_000L;
        assertEquals(1, csv.stream().filter(l -> l.contains("," + bps + ",improved-precopy,") && l.contains(policy))
            .count(), policy + " at " + link + " in comparison.csv");
        String row = "| improved-precopy | " + policy + " | " + link + " | 1 of 1 |";
        assertTrue(md.contains(row), row + " in the averages of summary.md:\n" + md);
        assertTrue(html.contains("<td>improved-precopy</td><td>" + policy + "</td><td class=\"num nw\">" + link
            + "</td><td>1 of 1</td>"), policy + " at " + link + " in the averages of index.html");
        assertTrue(md.contains("| tiny | " + link + " | improved-precopy | " + policy + " |"), row + " in comparison");
      }
    }
  }

  @Test
  void headlineSaysWhatToChooseWhoWinsByHowMuchAtWhatDowntimeAndWhetherTracesLooped() throws IOException {
    Path results = Fixtures.replayed(dir);
    Path report = dir.resolve("report");
    Report.write(results, report, Report.Options.DEFAULT);
    String md = Files.readString(report.resolve("summary.md"));
    String headline = md.lines().skip(2).findFirst().orElseThrow();
    assertTrue(headline.startsWith("Under a 300 ms downtime objective (--max-downtime), the fastest run that completes "
        + "within it is "), headline);
    assertTrue(headline.contains("improved-precopy against xen-precopy sends "), headline);
    assertTrue(headline.contains(" data at 10Mbit"), headline);
    assertTrue(headline.contains("its downtime is longer in "), headline);
    assertTrue(headline.contains("The paper reports 34% less data and 32.5% less time"), headline);
    assertTrue(headline.contains("runs outlasted their trace and replayed it") || headline.contains("No run outlasted"),
        headline);
    // The paper's algorithm comes before the others.
    assertTrue(headline.indexOf("improved-precopy against") < headline.indexOf("stop-and-copy against"), headline);
  }

  @Test
  void downtimeIsAChangeInMillisecondsAndTheCsvHasPlainNumbers() throws IOException {
    Path results = Fixtures.replayed(dir);
    Path report = dir.resolve("report");
    Report.write(results, report, Report.Options.DEFAULT);
    String csv = Files.readString(report.resolve("comparison.csv"));
    assertFalse(csv.matches("(?s).*\\d[eE][-+]?\\d.*"), "no exponent in comparison.csv:\n" + csv);
    assertFalse(csv.contains("-0.00,") || csv.contains("%"), csv);
    assertTrue(csv.lines().findFirst().orElseThrow().contains("downtime_change_ms"), csv);
    assertFalse(csv.contains("downtime_reduction"), csv);
  }

  @Test
  void anUnknownOrAbsentBaselineIsAClearMessage() throws IOException {
    Path results = Fixtures.replayed(dir);
    Comparison.UnknownBaselineException e = assertThrows(Comparison.UnknownBaselineException.class,
        () -> Report.write(results, dir.resolve("r"), new Report.Options(new Baseline.Request("xen", java.util.Map.of()), 300)));
    assertEquals("no runs of 'xen' in " + results + "; algorithms there: improved-precopy, stop-and-copy, xen-precopy",
        e.getMessage());
  }

  @Test
  void footerShowsTheProvenanceOfTheResults() throws IOException {
    Path results = Fixtures.replayed(dir);
    Path index = Report.write(results, dir.resolve("r"), Report.Options.DEFAULT);
    String html = Files.readString(index);
    assertTrue(html.contains("Results written by migreplay 0.0-test: migreplay replay tiny.trace.arrow"), html.substring(
        html.indexOf("<footer>")));
  }

  @Test
  void zeroRunsAreSaidAsSuchWhateverTheBaseline() throws IOException {
    Path empty = Fixtures.results(dir, "empty");
    for (Baseline.Request b : java.util.Arrays.asList(null, Baseline.Request.parse("qemu-precopy", (a, k, v) -> v))) {
      BadInputException e = assertThrows(BadInputException.class,
          () -> Report.write(empty, dir.resolve("r"), new Report.Options(b, 1000)));
      assertEquals(empty.resolve("runs.arrow") + ": no runs to report", e.getMessage());
    }
    assertFalse(Files.exists(dir.resolve("r/index.html")));
  }
}
