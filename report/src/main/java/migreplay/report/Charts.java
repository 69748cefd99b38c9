package migreplay.report;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Config;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Font;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Margin;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.components.Symbol;
import tech.tablesaw.plotly.components.TickSettings;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Plotly figures (through Tablesaw's jsplot) for the report; each is a div and its script. Made to be read on
 * paper: fixed sizes, 12 px text, a colour per series from a colour-blind-safe palette (Okabe and Ito) and
 * line dashes where one chart shows several measures. On a logarithmic axis a value of zero or below is left
 * out (a gap), never drawn as a line plunging off the axis.
 */
final class Charts {
  /** One chart: its element id, heading and the div + script that draw it. */
  record Chart(String id, String title, String html) {}

  /**
   * A named series of points, with its colour, dash ({@code null}: solid), hover texts ({@code null}: none) and
   * marker symbol ({@code null}: a filled circle).
   */
  record Series(String name, double[] x, double[] y, String color, Line.Dash dash, String[] text, Symbol symbol) {
    Series(String name, double[] x, double[] y, String color) {
      this(name, x, y, color, null, null, null);
    }
  }

  /** One series of a grouped bar chart: a value per category. */
  record Bars(String name, double[] y, String color) {}

  /** At most this many points per line: long series are thinned evenly. */
  static final int MAX_POINTS = 2000;

  /** Okabe–Ito: distinguishable in colour-blind vision and in greyscale print. */
  static final String[] PALETTE = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
      "#999999"};

  /** Two half-width charts, or one wide one, fit the 277 mm (1,047 px) of an A4 landscape page with 10 mm margins. */
  static final int WIDTH = 515;
  static final int WIDE = 1038;

  private final List<Chart> charts = new ArrayList<>();

  List<Chart> all() {
    return charts;
  }

  static String color(int i) {
    return PALETTE[i % PALETTE.length];
  }

  /** A line chart of several named series. */
  Chart lines(String title, String xTitle, String yTitle, boolean logX, boolean logY, List<Series> series) {
    List<Trace> traces = new ArrayList<>();
    for (Series s : series) {
      double[][] xy = thin(s.x(), logY ? positive(s.y()) : s.y());
      Line.LineBuilder line = Line.builder().color(s.color()).width(2);
      if (s.dash() != null) {
        line.dash(s.dash());
      }
      traces.add(ScatterTrace.builder(xy[0], xy[1]).name(s.name()).line(line.build())
          .marker(Marker.builder().color(s.color()).size(6).build())
          .mode(xy[0].length > 60 ? ScatterTrace.Mode.LINE : ScatterTrace.Mode.LINE_AND_MARKERS).build());
    }
    // Long series names would push the legend over the plot in a half-width chart: give it the whole width.
    int width = series.stream().anyMatch(s -> s.name().length() > LONG_NAME) ? WIDE : WIDTH;
    return add(title, layout(title, width, axis(xTitle, logX), axis(yTitle, logY)).build(), traces);
  }

  /** Series names longer than this get a full-width chart. */
  static final int LONG_NAME = 30;

  /** Points only, with a hover text per point. */
  Chart points(String title, String xTitle, String yTitle, boolean logX, List<Series> series) {
    List<Trace> traces = new ArrayList<>();
    for (Series s : series) {
      ScatterTrace.ScatterBuilder b = ScatterTrace.builder(s.x(), s.y()).name(s.name())
          .marker(Marker.builder().color(s.color()).size(9).symbol(s.symbol() == null ? Symbol.CIRCLE : s.symbol())
              .build()).mode(ScatterTrace.Mode.MARKERS);
      if (s.text() != null) {
        b.text(s.text());
      }
      traces.add(b.build());
    }
    return add(title, layout(title, WIDE, axis(xTitle, logX), axis(yTitle, false)).height(420).build(), traces);
  }

  /** Grouped bars: one group per category, one bar per series. */
  Chart bars(String title, String yTitle, boolean logY, List<String> categories, List<Bars> series) {
    List<Trace> traces = new ArrayList<>();
    Object[] x = categories.toArray();
    for (Bars s : series) {
      traces.add(BarTrace.builder(x, logY ? positive(s.y()) : s.y()).name(s.name())
          .marker(Marker.builder().color(s.color()).build()).build());
    }
    Layout layout = layout(title, WIDE, Axis.builder().tickSettings(ticks()).build(), axis(yTitle, logY))
        .barMode(Layout.BarMode.GROUP).height(420)
        .margin(Margin.builder().top(40).bottom(110).left(80).right(10).build()).build();
    return add(title, layout, traces);
  }

  private Chart add(String title, Layout layout, List<Trace> traces) {
    // Tablesaw uses the id as a JavaScript variable name too, so it must be an identifier (no hyphen).
    String id = "chart" + (charts.size() + 1);
    // No mode bar: it overlaps the titles of small charts and its buttons do nothing on paper.
    Config config = Config.builder().displayModeBar(false).displayLogo(false).build();
    Figure fig = new Figure(layout, config, traces.toArray(new Trace[0]));
    // asJavascript gives only the script, which draws into an element with the id: write the element first.
    Chart c = new Chart(id, title, "<div id=\"" + id + "\"></div>\n" + fig.asJavascript(id));
    charts.add(c);
    return c;
  }

  private static Layout.LayoutBuilder layout(String title, int width, Axis x, Axis y) {
    return Layout.builder().title(title).titleFont(Font.builder().size(14).color("#222").build()).height(380)
        .width(width).margin(Margin.builder().top(40).bottom(55).left(80).right(10).build()).xAxis(x).yAxis(y)
        .showLegend(true);
  }

  private static TickSettings ticks() {
    return TickSettings.builder().tickMode(TickSettings.TickMode.AUTO).font(font()).build();
  }

  /** A log axis labelled at powers of ten only (plotly's own labels also mark 2 and 5, which print as "2, 100, 5"). */
  private static TickSettings decades() {
    return TickSettings.builder().tickMode(TickSettings.TickMode.LINEAR).tick0(0).dTick(1).font(font()).build();
  }

  private static Font font() {
    return Font.builder().size(12).color("#222").build();
  }

  private static Axis axis(String title, boolean log) {
    return Axis.builder().title(title).titleFont(font()).tickSettings(log ? decades() : ticks()).gridColor("#ddd")
        .type(log ? Axis.Type.LOG : Axis.Type.LINEAR).build();
  }

  /** The values with every one at or below zero replaced by NaN, which plotly leaves out. */
  static double[] positive(double[] y) {
    double[] out = y.clone();
    for (int i = 0; i < out.length; i++) {
      if (!(out[i] > 0)) {
        out[i] = Double.NaN;
      }
    }
    return out;
  }

  static double[][] thin(double[] x, double[] y) {
    if (x.length <= MAX_POINTS) {
      return new double[][] {x, y};
    }
    double[] tx = new double[MAX_POINTS];
    double[] ty = new double[MAX_POINTS];
    for (int i = 0; i < MAX_POINTS; i++) {
      int k = (int) ((long) i * (x.length - 1) / (MAX_POINTS - 1));
      tx[i] = x[k];
      ty[i] = y[k];
    }
    return new double[][] {tx, ty};
  }
}
