package migreplay.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Log axes that show zeros, series that do not hide each other, figures that cannot break their page. */
class ChartsTest {
  @Test
  void aLogAxisDrawsZerosOnAFloorLabelled0() {
    // Values 0, 0.0164 ms and 6,610 ms: the floor is a decade below 0.01, labelled 0; then every decade.
    Charts.LogScale s = Charts.LogScale.of(List.of(new double[] {0, 0.0164, 6610}));
    assertEquals(0.001, s.floor(), 1e-12);
    assertArrayEquals(new double[] {0.001, 0.01, 0.1, 1, 10, 100, 1000, 10000}, s.tickValues(), 1e-9);
    assertEquals(List.of("0", "0.01", "0.1", "1", "10", "100", "1k", "10k"), s.tickTexts());
    assertEquals(0.001, s.mapOne(0), 1e-12);
    assertTrue(Double.isNaN(s.mapOne(Double.NaN)), "a missing value stays missing");
  }

  @Test
  void aNarrowLogAxisIsLabelledAt1And2And5() {
    // 0.046 s to 0.604 s: one decade; plotly's own minor labels would read "2, 0.1, 5".
    Charts.LogScale s = Charts.LogScale.of(List.of(new double[] {0.046, 0.604}));
    assertEquals(List.of("0.05", "0.1", "0.2", "0.5", "1"), s.tickTexts());
  }

  @Test
  void aSeriesEqualToAnEarlierOneIsNamedSo() {
    double[] x = {1, 2, 3};
    List<Charts.Series> series = List.of(new Charts.Series("xen-precopy: sent", x, new double[] {5, 4, 3}, "#000"),
        new Charts.Series("improved-precopy: sent", x, new double[] {5, 4, 3}, "#111"),
        new Charts.Series("qemu-precopy: sent", x, new double[] {5, 4, 2}, "#222"));
    String[] same = Charts.identical(series);
    assertNull(same[0]);
    assertEquals("xen-precopy: sent", same[1]);
    assertNull(same[2]);
    Charts c = new Charts();
    String html = c.lines("t", "round", "pages", false, false, series).html();
    assertTrue(html.contains("\"name\":\"improved-precopy: sent (same as xen-precopy: sent)\""), html);
    assertTrue(html.contains("\"width\":5"), "the series underneath is drawn wider");
  }

  @Test
  void textFromTheResultsCannotCloseTheScript() {
    Charts c = new Charts();
    String html = c.lines("</script><b>x", "x", "y", false, false, List.of(new Charts.Series("<!--", new double[] {1},
        new double[] {1}, "#000"))).html();
    String script = html.substring(html.indexOf("<script>") + 8, html.lastIndexOf("</script>"));
    assertFalse(script.contains("</") || script.contains("<!--"), script);
  }

  @Test
  void roundsAreLabelledAtWholeNumbers() {
    Charts c = new Charts();
    double[] x = new double[76];
    double[] y = new double[76];
    for (int i = 0; i < 76; i++) {
      x[i] = i + 1;
      y[i] = 100;
    }
    String html = c.lines("t", "round", "pages", null, false, false, true, List.of(new Charts.Series("s", x, y, "#000")))
        .html();
    assertTrue(html.contains("\"tick0\":0,\"dtick\":10,\"tickformat\":\"d\""), html);
  }
}
