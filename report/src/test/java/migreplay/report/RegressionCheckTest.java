package migreplay.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegressionCheckTest {
  @TempDir Path dir;

  RegressionCheck.Outcome check(Path cur, Path base, double tol, boolean allowMissing) throws IOException {
    return RegressionCheck.check(cur, base, RegressionCheck.DEFAULT_METRICS, tol, allowMissing);
  }

  Path base() throws IOException {
    return Fixtures.results(dir, "base", Fixtures.run(0, "a", "xen-precopy", 1_000_000_000, "ok", 1_000_000, 10.0, 0.5),
        Fixtures.run(1, "a", "improved-precopy", 1_000_000_000, "ok", 800_000, 8.0, 0.4));
  }

  @Test
  void identicalResultsPass() throws IOException {
    Path b = base();
    RegressionCheck.Outcome o = check(b, b, 0.01, false);
    assertFalse(o.failed());
    assertEquals(2, o.matched());
    assertTrue(o.format().startsWith("PASS: 2 runs matched, 0 regressions, 0 improvements"), o.format());
  }

  @Test
  void growthBeyondToleranceIsARegressionAndExactlyTheToleranceIsNot() throws IOException {
    Path b = base();
    // total time 10.0 -> 10.1 is exactly +1%: not a regression; 8.0 -> 8.1 is +1.25%: a regression.
    Path c = Fixtures.results(dir, "cur", Fixtures.run(0, "a", "xen-precopy", 1_000_000_000, "ok", 1_000_000, 10.1, 0.5),
        Fixtures.run(1, "a", "improved-precopy", 1_000_000_000, "ok", 800_000, 8.1, 0.4));
    RegressionCheck.Outcome o = check(c, b, 0.01, false);
    assertTrue(o.failed());
    assertEquals(1, o.count(RegressionCheck.Kind.REGRESSION));
    RegressionCheck.Finding f = o.findings().get(0);
    assertEquals("total_time_s", f.metric());
    assertEquals("+1.25%", f.change());
    assertEquals("a improved-precopy - 1Gbit hdr=8 start=0us end=loop epoch=spread resume=0us", f.run());
  }

  @Test
  void shrinkingIsAnImprovementAndPasses() throws IOException {
    Path b = base();
    Path c = Fixtures.results(dir, "cur", Fixtures.run(0, "a", "xen-precopy", 1_000_000_000, "ok", 500_000, 5.0, 0.2),
        Fixtures.run(1, "a", "improved-precopy", 1_000_000_000, "ok", 800_000, 8.0, 0.4));
    RegressionCheck.Outcome o = check(c, b, 0.01, false);
    assertFalse(o.failed());
    assertEquals(3, o.count(RegressionCheck.Kind.IMPROVEMENT));
  }

  @Test
  void missingRunsFailUnlessAllowedAndFailedRunsRegress() throws IOException {
    Path b = base();
    Path c = Fixtures.results(dir, "cur", Fixtures.run(0, "a", "xen-precopy", 1_000_000_000, "failed", 0, 0, 0));
    RegressionCheck.Outcome o = check(c, b, 0.01, false);
    assertTrue(o.failed());
    assertEquals(1, o.count(RegressionCheck.Kind.MISSING));
    assertEquals(1, o.count(RegressionCheck.Kind.REGRESSION));
    Path d = Fixtures.results(dir, "cur2", Fixtures.run(0, "a", "xen-precopy", 1_000_000_000, "ok", 1_000_000, 10.0, 0.5));
    assertFalse(check(d, b, 0.01, true).failed());
    assertTrue(check(d, b, 0.01, false).failed());
    assertTrue(check(d, b, 0.01, true).format().contains("1 missing (allowed)"));
  }

  @Test
  void noRunMatchedFailsEvenWhenMissingRunsAreAllowed() throws IOException {
    Path b = base();
    Path c = Fixtures.results(dir, "cur", Fixtures.run(0, "b", "xen-precopy", 1_000_000_000, "ok", 1_000_000, 10.0, 0.5));
    RegressionCheck.Outcome o = check(c, b, 0.01, true);
    assertTrue(o.failed());
    assertTrue(o.format().contains("FAIL: 0 runs matched") && o.format().contains("nothing was compared"), o.format());
  }

  @Test
  void runsFailedOnBothSidesHaveNoMeasuresAndPass() throws IOException {
    Path b = Fixtures.results(dir, "b", Fixtures.run(0, "a", "xen-precopy", 1_000_000_000, "failed", 0, 0, 0),
        Fixtures.run(1, "a", "improved-precopy", 1_000_000_000, "ok", 800_000, 8.0, 0.4));
    RegressionCheck.Outcome o = check(b, b, 0.01, false);
    assertFalse(o.failed(), o.format());
    assertEquals(2, o.matched());
  }

  @Test
  void oneRegressionIsSaidInTheSingular() throws IOException {
    Path b = base();
    Path c = Fixtures.results(dir, "cur", Fixtures.run(0, "a", "xen-precopy", 1_000_000_000, "ok", 1_000_000, 11.0, 0.5),
        Fixtures.run(1, "a", "improved-precopy", 1_000_000_000, "ok", 800_000, 8.0, 0.4));
    assertTrue(check(c, b, 0.01, false).format().contains("FAIL: 2 runs matched, 1 regression, 0 improvements"),
        check(c, b, 0.01, false).format());
  }

  @Test
  void aTinyDowntimeMovingByLessThanTheTimeToleranceIsNoChange() throws IOException {
    // 0.16 ms -> 0.17 ms is +6.25 %, far beyond 1 %, but 0.01 ms: below the default 1 ms time tolerance.
    Path b = Fixtures.results(dir, "b", Fixtures.run(0, "a", "xen-precopy", 1_000_000_000, "ok", 1_000_000, 1.0, 0.00016));
    Path c = Fixtures.results(dir, "c", Fixtures.run(0, "a", "xen-precopy", 1_000_000_000, "ok", 1_000_000, 1.0, 0.00017));
    assertFalse(check(c, b, 0.01, false).failed(), check(c, b, 0.01, false).format());
    RegressionCheck.Outcome strict = RegressionCheck.check(c, b, RegressionCheck.DEFAULT_METRICS, 0.01, 0, false);
    assertTrue(strict.failed(), "with no time tolerance it is a regression");
    assertEquals("+6.25%", strict.findings().get(0).change());
  }

  @Test
  void aRunThatNoLongerConvergesIsARegressionNotAShorterDowntime() throws IOException {
    Path b = Fixtures.results(dir, "b", Fixtures.run(0, "a", "qemu-precopy", 1_000_000_000, "ok", 1_000_000, 1.0, 0.2));
    migreplay.results.RunResult done = Fixtures.run(0, "a", "qemu-precopy", 1_000_000_000, "ok", 1_000_000, 600.0, 0.0);
    migreplay.results.RunResult cancelled = new migreplay.results.RunResult(done.runId(), done.trace(),
        done.traceName(), done.algorithm(), done.params(), done.bandwidthBps(), done.pageSize(), done.pageHeaderBytes(),
        done.startUs(), done.traceEnd(), done.withinEpoch(), done.resumeOverheadUs(), done.ramPages(), done.status(),
        done.reason(), done.rounds(), done.pagesSent(), done.bytesSent(), done.totalTimeS(), done.downtimeS(),
        done.lastRoundPages(), done.hotPages(), false, done.traceLaps(), migreplay.results.RunResult.NOT_CONVERGED,
        null, done.roundResults());
    Path c = Fixtures.results(dir, "c", cancelled);
    RegressionCheck.Outcome o = check(c, b, 0.01, false);
    assertTrue(o.failed(), o.format());
    assertEquals(List.of("outcome"), o.findings().stream().map(RegressionCheck.Finding::metric).toList());
    assertEquals("not converged", o.findings().get(0).current());
    assertEquals(RegressionCheck.Kind.IMPROVEMENT, check(b, c, 0.01, false).findings().get(0).kind());
  }

  @Test
  void runsCsvAndRunsArrowMustSayTheSame() throws IOException {
    Path b = base();
    Path csv = b.resolve("runs.csv");
    java.util.List<String> lines = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(csv));
    lines.set(2, lines.get(2).replace(",8.0,", ",7.5,"));
    java.nio.file.Files.write(csv, lines);
    migreplay.io.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(
        migreplay.io.BadInputException.class, () -> check(b, b, 0.01, false));
    assertTrue(e.getMessage().startsWith(csv + ":3: column total_time_s is '7.5' but runs.arrow has '8.0'"),
        e.getMessage());
  }

  /** Rewrites {@code dir}'s runs.arrow and runs.csv from {@code edit}'s table, as another tool would. */
  static void rewrite(Path dir, java.util.function.UnaryOperator<tech.tablesaw.api.Table> edit) throws IOException {
    tech.tablesaw.api.Table t = edit.apply(Results.read(dir.resolve("runs.arrow"), Results.RUN_COLUMNS));
    TableFiles.writeArrow(t, dir.resolve("runs.arrow"));
    TableFiles.writeCsv(t, dir.resolve("runs.csv"));
  }

  @Test
  void aNullMeasureOnACompletedRunIsNoPass() throws IOException {
    Path b = base();
    Path c = Fixtures.results(dir, "cur", Fixtures.run(0, "a", "xen-precopy", 1_000_000_000, "ok", 1_000_000, 10.0, 0.5),
        Fixtures.run(1, "a", "improved-precopy", 1_000_000_000, "ok", 800_000, 8.0, 0.4));
    rewrite(c, t -> {
      t.column("total_time_s").setMissing(0);
      return t;
    });
    RegressionCheck.Outcome o = check(c, b, 0.01, false);
    assertTrue(o.failed(), o.format());
    assertEquals("total_time_s", o.findings().get(0).metric());
    assertEquals("empty", o.findings().get(0).current());
    assertEquals("not comparable", o.findings().get(0).change());
  }

  @Test
  void aMetricEmptyForEveryRunComparedNothingAndFails() throws IOException {
    Path b = base();
    // transferred_bytes is a QEMU counter: empty for the Xen family on both sides
    RegressionCheck.Outcome o = RegressionCheck.check(b, b, List.of("transferred_bytes"), 0.01, false);
    assertTrue(o.failed(), o.format());
    assertTrue(o.format().startsWith("FAIL: 2 runs matched") && o.format().contains("transferred_bytes empty on "
        + "every matched run"), o.format());
  }

  @Test
  void integerColumnsWrittenAsFloat64AreReadAndFractionsRefused() throws IOException {
    Path b = base();
    Path c = Fixtures.results(dir, "cur", Fixtures.run(0, "a", "xen-precopy", 1_000_000_000, "ok", 1_000_000, 10.0, 0.5),
        Fixtures.run(1, "a", "improved-precopy", 1_000_000_000, "ok", 800_000, 8.0, 0.4));
    rewrite(c, t -> t.replaceColumn("bytes_sent", t.longColumn("bytes_sent").asDoubleColumn().setName("bytes_sent")));
    assertFalse(check(c, b, 0.01, false).failed(), "pandas' float64 of whole numbers reads as the integers");
    Results r = Results.load(c);
    assertEquals(800_000L, r.runs().longColumn("bytes_sent").get(1));
    rewrite(c, t -> {
      t.doubleColumn("bytes_sent").set(1, 800_000.5);
      return t;
    });
    migreplay.io.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(
        migreplay.io.BadInputException.class, () -> check(c, b, 0.01, false));
    assertTrue(e.getMessage().contains("runs.arrow: column 'bytes_sent' row 1: expected a whole number (int64"),
        e.getMessage());
  }

  @Test
  void aStringMetricColumnIsNamedAsTheFilesFault() throws IOException {
    Path b = base();
    Path c = Fixtures.results(dir, "cur", Fixtures.run(0, "a", "xen-precopy", 1_000_000_000, "ok", 1_000_000, 10.0, 0.5));
    rewrite(c, t -> t.replaceColumn("total_time_s", t.doubleColumn("total_time_s").asStringColumn().setName("total_time_s")));
    migreplay.io.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(
        migreplay.io.BadInputException.class, () -> check(c, b, 0.01, true));
    assertTrue(e.getMessage().contains("column 'total_time_s' holds strings (utf8); expected float64"), e.getMessage());
    assertThrows(migreplay.io.BadInputException.class, () -> Results.load(c));
  }
}
