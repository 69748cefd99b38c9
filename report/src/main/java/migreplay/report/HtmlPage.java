package migreplay.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * A self-contained HTML page in the report's style, for other stages (e.g. validation) to fill: headings,
 * paragraphs, tables and line charts, with the report's CSS and plotly.js inlined, so the page makes no
 * network request and opens offline. Text is escaped.
 */
public final class HtmlPage {
  /** A named line of points. */
  public record Line(String name, double[] x, double[] y) {}

  private final String title;
  private final StringBuilder body = new StringBuilder();
  private final Charts charts = new Charts();
  private boolean inCharts;

  public HtmlPage(String title) {
    this.title = title;
  }

  public HtmlPage heading(String text) {
    return raw("<h2>" + TableFormat.escape(text) + "</h2>\n");
  }

  public HtmlPage paragraph(String text) {
    return raw("<p>" + TableFormat.escape(text) + "</p>\n");
  }

  public HtmlPage note(String text) {
    return raw("<p class=note>" + TableFormat.escape(text) + "</p>\n");
  }

  /** The given columns of {@code t}, formatted as the report formats its tables. */
  public HtmlPage table(Table t, List<String> columns) {
    return raw(TableFormat.html(t, columns));
  }

  /** A line chart; consecutive charts are laid out side by side. */
  public HtmlPage lineChart(String chartTitle, String xTitle, String yTitle, List<Line> lines) {
    List<Charts.Series> series = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      series.add(new Charts.Series(l.name(), l.x(), l.y(), Charts.color(i)));
    }
    Charts.Chart c = charts.lines(chartTitle, xTitle, yTitle, false, false, series);
    if (!inCharts) {
      body.append("<div class=charts>\n");
      inCharts = true;
    }
    body.append("<figure class=chart>").append(c.html()).append("</figure>\n");
    return this;
  }

  /** A chart the report's {@link Charts} draw ({@code draw} is given the page's charts); laid out as the others. */
  HtmlPage chart(java.util.function.Function<Charts, Charts.Chart> draw) {
    Charts.Chart c = draw.apply(charts);
    if (!inCharts) {
      body.append("<div class=charts>\n");
      inCharts = true;
    }
    body.append("<figure class=chart>").append(c.html()).append("</figure>\n");
    return this;
  }

  private HtmlPage raw(String html) {
    if (inCharts) {
      body.append("</div>\n");
      inCharts = false;
    }
    body.append(html);
    return this;
  }

  /** The whole page; {@code footer} is escaped text at its end. */
  public String render(String footer) throws IOException {
    raw("");
    return "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>\n"
        + "<meta name=viewport content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + TableFormat.escape(title) + "</title>\n<style>" + Report.CSS + "</style>\n<script>"
        + Report.plotly().replace("</script", "<\\/script") + "</script>\n</head><body>\n"
        + "<h1>" + TableFormat.escape(title) + "</h1>\n" + body
        + "<footer>" + TableFormat.escape(footer) + "</footer>\n</body></html>\n";
  }
}
