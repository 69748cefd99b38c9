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
