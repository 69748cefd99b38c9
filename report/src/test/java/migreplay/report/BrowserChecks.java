package migreplay.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The report's headless-browser checks for tests of other modules (report's test-jar): load a page offline
 * in Debian's chromium, list console errors and charts plotly did not draw, count the charts.
 */
public final class BrowserChecks {
  /**
   * @param problems console errors and failed loads, then charts without a sized SVG or without data
   * @param charts chart elements in the page after its scripts ran
   */
  public record Outcome(List<String> problems, long charts) {}

  private BrowserChecks() {}

  public static boolean available() {
    return HeadlessChromium.available();
  }

  public static Outcome load(Path page, Path profile) throws IOException, InterruptedException {
    HeadlessChromium.Load load = HeadlessChromium.dumpDom(page, profile);
    List<String> problems = new ArrayList<>(HeadlessChromium.consoleErrors(load.log()));
    problems.addAll(ReportBrowserTest.undrawnCharts(load.dom()));
    return new Outcome(problems, Pattern.compile("<div id=\"chart\\d+\"").matcher(load.dom()).results().count());
  }

  public static void screenshot(Path page, Path png, Path profile) throws IOException, InterruptedException {
    HeadlessChromium.screenshot(page, png, profile);
  }
}
