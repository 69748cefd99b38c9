package migreplay.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outcome before numbers: a run that did not complete is never ok, never has a downtime, never enters an
 * average or a "longer in N of M", and is never recommended; any baseline, a one-algorithm sweep read against
 * its first value; the decision under a downtime objective; averages named; hypervisors' accounting explained.
 */
class ReportOutcomeTest {
  @TempDir Path dir;

  static List<CSVRecord> csv(Path report) throws IOException {
    try (var r = Files.newBufferedReader(report.resolve("comparison.csv"))) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
    }
  }

  static CSVRecord row(List<CSVRecord> rows, String algorithm, String bps, String paramsPart) {
    return rows.stream().filter(r -> r.get("algorithm").equals(algorithm) && r.get("bandwidth_bps").equals(bps)
        && r.get("params").contains(paramsPart)).findFirst().orElseThrow();
  }

  static String headline(Path report) throws IOException {
    return Files.readString(report.resolve("summary.md")).lines().skip(2).findFirst().orElseThrow();
  }

  @Test
  void aRunThatDidNotConvergeHasNoDowntimeIsNotComparedAndIsNeverRecommended() throws IOException {
    Path report = dir.resolve("r");
    Report.write(Fixtures.mixed(dir), report, Report.Options.DEFAULT);
    List<CSVRecord> rows = csv(report);
    CSVRecord cancelled = row(rows, "qemu-precopy", "10000000", "");
    assertEquals("not converged", cancelled.get("outcome"));
    assertEquals("", cancelled.get("downtime_ms"), "no downtime, never 0.0");
    assertEquals("", cancelled.get("downtime_change_ms"));
    assertEquals("", cancelled.get("data_reduction_pct"));
    assertEquals("", cancelled.get("within_objective"));
    assertEquals("no: it did not complete", cancelled.get("compared"));
    assertFalse(String.join(",", rows.stream().map(r -> r.get("outcome")).toList()).contains("ok"),
        "no outcome is 'ok'");
    CSVRecord completed = row(rows, "qemu-precopy", "100000000", "");
    assertEquals("completed", completed.get("outcome"));
    assertEquals("yes", completed.get("compared"));
    assertFalse(completed.get("downtime_ms").isEmpty());

    String md = Files.readString(report.resolve("summary.md"));
    // The averages count the completed run only: "longer in N of 1", not of 2; the cancelled run is said.
    assertTrue(md.contains("| qemu-precopy | – | 10Mbit | 0 of 1 | – | – | – | – |"), md);
    String h = headline(report);
    assertTrue(h.contains("qemu-precopy against xen-precopy") && h.contains("not comparable at 10Mbit")
        && h.contains("compared runs") && h.contains("it did not complete in 1 of 2 runs (10Mbit)"), h);
    assertFalse(h.contains("longer in 0 of 2") || h.contains("of 2 compared"), h);
    // The comparison table marks what it had spent when cancelled as a lower bound, and shows no downtime.
    assertTrue(md.matches("(?s).*\\| tiny \\| 10Mbit \\| qemu-precopy \\| – \\| not converged \\| 1 \\| ≥\u00a00\\.\\d \\| "
        + "≥\u00a00\\.2\\d\\d \\| – \\| – \\|.*"), md);
    // Where Xen and QEMU meet, the accounting is explained with numbers.
    assertTrue(md.contains("### Where Xen and QEMU algorithms meet"), md);
    assertTrue(md.contains("Zero pages: qemu-precopy sends a page of zeros as a 9-byte record"), md);
    assertTrue(md.contains("Host costs: qemu-precopy's times include modelled host work (setup 10ms"), md);
  }

  @Test
  void theDecisionIsTheFastestRunThatCompletesWithinTheObjective() throws IOException {
    Path report = dir.resolve("r");
    Report.write(Fixtures.replayed(dir), report, new Report.Options(null, 100));
    String md = Files.readString(report.resolve("summary.md"));
    // At 10Mbit stop-and-copy is fastest (0.210 s) but pauses the guest 210.1 ms: over 100 ms, not recommended;
    // xen-precopy and improved-precopy both take 0.604 s with 26.3 ms; xen-precopy sends less.
    assertTrue(md.contains("## Decision under a 100 ms downtime objective"), md);
    assertTrue(md.matches("(?s).*\\| tiny \\| 10Mbit \\| xen-precopy \\| 0\\.604 \\| 26\\.3 \\| .*the fastest of 2 runs "
        + "that complete within 100 ms; next: improved-precopy, 0\\.604 s; 1 over 100 ms \\|.*"), md);
    // With the default 300 ms objective, stop-and-copy's 210.1 ms is within it and it is fastest.
    Path r300 = dir.resolve("r300");
    Report.write(Fixtures.replayed(dir.resolve("b")), r300, Report.Options.DEFAULT);
    assertTrue(headline(r300).startsWith("Under a 300 ms downtime objective (--max-downtime), the fastest run that "
        + "completes within it is stop-and-copy at 10Mbit, 100Mbit"), headline(r300));
    // Nothing completes within 1 ms at 10Mbit: none, and why.
    Path r1 = dir.resolve("r1");
    Report.write(Fixtures.replayed(dir.resolve("c")), r1, new Report.Options(null, 1));
    assertTrue(Files.readString(r1.resolve("summary.md")).contains("none completes within 1 ms: the shortest "
        + "downtime is xen-precopy's, 26.3 ms"), Files.readString(r1.resolve("summary.md")));
  }

  @Test
  void aSweepOfOneAlgorithmIsReadAgainstItsFirstValue() throws IOException {
    Path report = dir.resolve("r");
    Report.write(Fixtures.qemuSweep(dir), report, Report.Options.DEFAULT);
    List<CSVRecord> rows = csv(report);
    CSVRecord base = row(rows, "qemu-precopy", "100000000", "max_bandwidth=1MiB/s;");
    CSVRecord none = row(rows, "qemu-precopy", "100000000", "max_bandwidth=0;");
    CSVRecord slow = row(rows, "qemu-precopy", "100000000", "max_bandwidth=64KiB/s;");
    assertEquals("baseline", base.get("compared"));
    assertEquals("yes", none.get("compared"));
    assertEquals(base.get("run_id"), none.get("base_run_id"));
    assertEquals("no: it did not complete", slow.get("compared"));
    String md = Files.readString(report.resolve("summary.md"));
    assertTrue(md.contains("baseline qemu-precopy max_bandwidth=1MiB/s (the only algorithm in the results; "
        + "qemu-precopy was swept over max_bandwidth"), md);
    assertTrue(md.contains("## Averages against qemu-precopy max_bandwidth=1MiB/s, per link and parameter set"), md);
    assertTrue(md.contains("| qemu-precopy | max_bandwidth=1MiB/s (baseline) | 100Mbit | 1 of 1 | – |"), md);
    String h = headline(report);
    assertTrue(h.contains("qemu-precopy max_bandwidth=0 against qemu-precopy max_bandwidth=1MiB/s sends "), h);
    assertTrue(h.contains("qemu-precopy max_bandwidth=64KiB/s against qemu-precopy max_bandwidth=1MiB/s is compared "
        + "in no run") && h.contains("it did not complete in 2 of 2 runs"), h);
    assertFalse(h.contains("No run could be compared"), h);
  }

  @Test
  void anyBaselineWithParameters() throws IOException {
    Path results = Fixtures.qemuSweep(dir);
    Path report = dir.resolve("r");
    Report.write(results, report, new Report.Options(new Baseline.Request("qemu-precopy",
        Map.of("max_bandwidth", "64KiB/s")), 300));
    String h = headline(report);
    assertTrue(h.contains("qemu-precopy max_bandwidth=1MiB/s against qemu-precopy max_bandwidth=64KiB/s is compared in "
        + "no run") && h.contains("it completed in 2 runs where the baseline did not"), h);
    assertTrue(h.contains("The baseline, qemu-precopy max_bandwidth=64KiB/s, did not complete in 2 of 2 runs"), h);
    Comparison.UnknownBaselineException e = assertThrows(Comparison.UnknownBaselineException.class,
        () -> Report.write(results, dir.resolve("x"), new Report.Options(new Baseline.Request("qemu-precopy",
            Map.of("max_bandwidth", "2MiB/s")), 300)));
    assertTrue(e.getMessage().startsWith("no runs of qemu-precopy max_bandwidth=2MiB/s in " + results + "; its "
        + "parameter sets there: max_bandwidth=1MiB/s | max_bandwidth=64KiB/s | max_bandwidth=0"), e.getMessage());
  }

  @Test
  void theBaselineRequestNamesAlgorithmAndParameters() {
    Baseline.Request r = Baseline.Request.parse("qemu-precopy:hot_policy=none,max_bandwidth=128MiB/s",
        (a, k, v) -> v.toUpperCase(java.util.Locale.ROOT));
    assertEquals("qemu-precopy", r.algorithm());
    assertEquals(List.of("hot_policy", "max_bandwidth"), List.copyOf(r.fixed().keySet()));
    assertEquals("128MIB/S", r.fixed().get("max_bandwidth"), "values go through the algorithm's normalizer");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Baseline.Request.parse("qemu-precopy:hot_policy",
        (a, k, v) -> v)).getMessage().contains("expected name=value"));
  }

  @Test
  void theParameterSweptFirstIsThePinnedOne() {
    // -p a=1,2 -p b=x,y gives a=1 b=x, a=1 b=y, a=2 b=x, a=2 b=y: b changes first, a is the outer loop.
    List<Map<String, String>> sets = List.of(Map.of("a", "1", "b", "x", "c", "k"), Map.of("a", "1", "b", "y", "c", "k"),
        Map.of("a", "2", "b", "x", "c", "k"), Map.of("a", "2", "b", "y", "c", "k"));
    assertEquals(List.of("a", "b"), Baseline.sweptKeys(sets));
  }

  @Test
  void averagesAreNamedAndPooledDiffersFromTheMeanOfTraces() throws IOException {
    // Trace a: 1,000,000 B against 500,000 B (50 % less); trace b: 100,000 B against 90,000 B (10 % less). The
    // mean of per-trace reductions is 30 %; pooled over bytes (1,100,000 − 590,000) / 1,100,000 = 46.4 %.
    Path results = Fixtures.results(dir, "two", Fixtures.run(0, "a", "xen-precopy", 1_000_000_000, "ok", 1_000_000,
        10.0, 0.5), Fixtures.run(1, "a", "improved-precopy", 1_000_000_000, "ok", 500_000, 5.0, 0.4),
        Fixtures.run(2, "b", "xen-precopy", 1_000_000_000, "ok", 100_000, 1.0, 0.5),
        Fixtures.run(3, "b", "improved-precopy", 1_000_000_000, "ok", 90_000, 0.9, 0.6));
    Path report = dir.resolve("r");
    Report.write(results, report, Report.Options.DEFAULT);
    String md = Files.readString(report.resolve("summary.md"));
    assertTrue(md.contains("| data −%, mean of traces | data −%, pooled | time −%, mean of traces | time −%, pooled |"),
        md);
    assertTrue(md.contains("| improved-precopy | – | 1Gbit | 2 of 2 | +30.0 | +46.4 | +30.0 | +46.4 |"), md);
    assertTrue(md.contains("the mean of per-trace reductions (each trace counts the same) and pooled"), md);
    assertTrue(headline(report).contains("sends 30.0% less data at 1Gbit (means of per-trace reductions; pooled over "
        + "bytes 46.4% less)"), headline(report));
  }
}
