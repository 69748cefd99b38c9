package migreplay.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real headless browser with the network disabled: no console error, every chart drawn
 * (an SVG of non-zero size with plotted lines), and a screenshot in report/target/screenshots/. Skipped
 * where chromium is not installed, except on CI (CI=true), where .ci/run installs it.
 */
class ReportBrowserTest {
  @TempDir Path dir;

  @BeforeEach
  void needChromium() {
    if (!"true".equals(System.getenv("CI"))) {
      assumeTrue(HeadlessChromium.available(), "chromium is not installed (apt-get install chromium)");
    }
  }

  /** For each chart div: whether plotly drew an SVG with a size and at least one line with points. */
  static List<String> undrawnCharts(String dom) {
    List<String> bad = new ArrayList<>();
    Matcher m = Pattern.compile("<div id=\"(chart\\d+)\"").matcher(dom);
    List<String> ids = new ArrayList<>();
    while (m.find()) {
      ids.add(m.group(1));
    }
    for (int i = 0; i < ids.size(); i++) {
      int start = dom.indexOf("<div id=\"" + ids.get(i) + "\"");
      int end = i + 1 < ids.size() ? dom.indexOf("<div id=\"" + ids.get(i + 1) + "\"") : dom.length();
      String part = dom.substring(start, end);
      boolean sized = Pattern.compile("class=\"main-svg\"[^>]*width=\"[1-9]").matcher(part).find();
      boolean data = Pattern.compile("class=\"js-line\"[^>]*d=\"M").matcher(part).find()
          || Pattern.compile("d=\"M[^\"]+\"[^>]*class=\"js-line\"").matcher(part).find()
          || part.contains("class=\"point\"");
      if (!sized || !data) {
        bad.add(ids.get(i) + (sized ? " has no plotted data" : " has no sized SVG"));
      }
    }
    if (ids.isEmpty()) {
      bad.add("no chart elements at all");
    }
    return bad;
  }

  @Test
  void reportLoadsOfflineWithoutErrorsAndEveryChartDraws() throws Exception {
    Path results = Fixtures.replayed(dir);
    Path index = Report.write(results, dir.resolve("report"), Report.Options.DEFAULT);
    HeadlessChromium.Load load = HeadlessChromium.dumpDom(index, dir.resolve("profile"));
    assertEquals(List.of(), HeadlessChromium.consoleErrors(load.log()));
    assertEquals(List.of(), undrawnCharts(load.dom()));
    assertEquals(7, Pattern.compile("<div id=\"chart\\d+\"").matcher(load.dom()).results().count(), "charts");
    // Each kind of chart the issue asks for is there (and drawn, above): grouped bars of data, total time and
    // downtime by trace and link; pages per round; the trace's dirty rate; when the improved pre-copy pays off.
    for (String title : new String[] {"data sent (MiB) by trace and link", "total migration time (s) by trace and link",
        "downtime (ms) by trace and link", "tiny at 10Mbit: pages per round", "tiny: dirty pages per second",
        "When does it pay off?"}) {
      assertTrue(load.dom().contains(title), title);
    }
    Path shots = Path.of("target/screenshots");
    Files.createDirectories(shots);
    Path png = shots.resolve("report.png");
    HeadlessChromium.screenshot(index, png, dir.resolve("profile2"));
    assertTrue(Files.size(png) > 10_000, "screenshot has content");
  }

  /** The DOM of the chart whose title contains {@code title}, from its div to the next chart's. */
  static String chart(String dom, String title) {
    Matcher m = Pattern.compile("<div id=\"chart\\d+\"").matcher(dom);
    List<Integer> starts = new ArrayList<>();
    while (m.find()) {
      starts.add(m.start());
    }
    for (int i = 0; i < starts.size(); i++) {
      String part = dom.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : dom.length());
      if (part.contains(title)) {
        return part;
      }
    }
    throw new AssertionError("no chart titled " + title);
  }

  /** Bars plotly drew with a height (a path that is not the empty "M0,0Z"). */
  static long drawnBars(String chart) {
    return Pattern.compile("<g class=\"point\"><path d=\"M[^\"]*V[^\"]*\"").matcher(chart).results().count();
  }

  @Test
  void aRunThatDidNotConvergeIsDrawnMarkedInEveryChartNeverDropped() throws Exception {
    Path index = Report.write(Fixtures.mixed(dir), dir.resolve("report"), Report.Options.DEFAULT);
    HeadlessChromium.Load load = HeadlessChromium.dumpDom(index, dir.resolve("profile"));
    assertEquals(List.of(), HeadlessChromium.consoleErrors(load.log()));
    assertEquals(List.of(), undrawnCharts(load.dom()));
    // Four runs, four bars in the downtime chart: qemu-precopy at 10Mbit has no downtime and stands on the
    // axis' floor, outlined and marked ✕; the log axis labels that floor 0.
    String downtime = chart(load.dom(), "downtime (ms) by trace and link");
    assertEquals(4, drawnBars(downtime), downtime);
    assertTrue(downtime.contains("data-unformatted=\"✕\""), "the unfinished bar is marked");
    assertTrue(downtime.contains("did not complete, no downtime"), "the title says what ✕ means");
    assertTrue(Pattern.compile("class=\"ytick\"[^>]*>.{0,400}?data-unformatted=\"0\"").matcher(downtime).find()
        || downtime.contains("data-unformatted=\"0\""), "the floor of the log axis is labelled 0");
    String data = chart(load.dom(), "data sent (MiB) by trace and link");
    assertEquals(4, drawnBars(data), "what it had sent when cancelled is drawn, outlined");
    assertTrue(chart(load.dom(), "tiny at 10Mbit: pages per round").contains("qemu-precopy (not converged)"));
    String payoff = chart(load.dom(), "When does it pay off?");
    assertTrue(payoff.contains("qemu-precopy (not compared)") && payoff.contains("✕ not compared"), payoff);
    Path shots = Path.of("target/screenshots");
    Files.createDirectories(shots);
    HeadlessChromium.screenshot(index, shots.resolve("report-not-converged.png"), dir.resolve("profile2"));
  }

  @Test
  void aSweepOfOneAlgorithmIsDrawnAgainstItsFirstValue() throws Exception {
    Path index = Report.write(Fixtures.qemuSweep(dir), dir.resolve("report"), Report.Options.DEFAULT);
    HeadlessChromium.Load load = HeadlessChromium.dumpDom(index, dir.resolve("profile"));
    assertEquals(List.of(), HeadlessChromium.consoleErrors(load.log()));
    assertEquals(List.of(), undrawnCharts(load.dom()));
    assertTrue(load.dom().contains("When does it pay off? Data reduction against qemu-precopy max_bandwidth=1MiB/s"));
    String bars = chart(load.dom(), "total migration time (s) by trace and link");
    for (String set : new String[] {"qemu-precopy max_bandwidth=1MiB/s", "qemu-precopy max_bandwidth=64KiB/s",
        "qemu-precopy max_bandwidth=0"}) {
      assertTrue(bars.contains(set), set + " in the legend");
    }
    assertEquals(6, drawnBars(bars), "six runs, six bars: the two that never converged outlined");
    assertTrue(load.dom().contains("<h2>Averages against qemu-precopy max_bandwidth=1MiB/s, per link and parameter set"
        + "</h2>"));
    Path shots = Path.of("target/screenshots");
    Files.createDirectories(shots);
    HeadlessChromium.screenshot(index, shots.resolve("report-sweep.png"), dir.resolve("profile2"));
  }

  @Test
  void brokenPageIsCaught() throws Exception {
    // The checks must fail where they should: a script error, a request to the network, and a chart
    // element plotly never drew into.
    Path page = dir.resolve("broken.html");
    Files.writeString(page, "<!DOCTYPE html><html><body><div id=\"chart1\"></div>"
        + "<img src=\"http://example.invalid/x.png\"><script>undefinedFunction();</script></body></html>");
    HeadlessChromium.Load load = HeadlessChromium.dumpDom(page, dir.resolve("profile"));
    List<String> errors = HeadlessChromium.consoleErrors(load.log());
    assertTrue(errors.stream().anyMatch(e -> e.contains("undefinedFunction")), String.join("\n", errors) + load.log());
    assertFalse(undrawnCharts(load.dom()).isEmpty());
  }
}
