package migreplay.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plotly figures for the report and the validation page, each a div and the script that draws it into the
 * inlined plotly.js. The figures are plotly's own JSON (data, layout, config), written with Jackson in a fixed
 * key order so the same results give byte-identical pages; plotly.js 1.54's attributes only.
 *
 * <p>Made to be read on paper and never to mislead: fixed sizes, 12 px text, a colour per series from a
 * colour-blind-safe palette (Okabe and Ito) and dashes where one chart shows several measures. On a
 * logarithmic axis a zero is drawn on a line marked "0" below the smallest decade, never left out. A bar of a
 * run that did not complete is drawn outlined, not filled, and marked ✕. A series equal to an earlier one is
 * said so in its legend and drawn thinner over it, so neither hides the other.
 */
final class Charts {
  /** One chart: its element id, heading and the div + script that draw it. */
  record Chart(String id, String title, String html) {}

  /**
   * A named series of points, with its colour, dash ({@code null}: solid; plotly's "dash", "dot", "dashdot"),
   * hover texts ({@code null}: none), marker symbol ({@code null}: a filled circle; plotly's names such as
   * "circle-open", "diamond", "x") and whether it belongs on the right-hand axis.
   */
  record Series(String name, double[] x, double[] y, String color, String dash, String[] text, String symbol,
      boolean right) {
    Series(String name, double[] x, double[] y, String color) {
      this(name, x, y, color, null, null, null, false);
    }

    Series(String name, double[] x, double[] y, String color, String dash, String[] text, String symbol) {
      this(name, x, y, color, dash, text, symbol, false);
    }
  }

  /**
   * One series of a grouped bar chart: a value per category ({@code NaN}: no bar), which bars are of runs that
   * did not complete (drawn outlined and marked ✕; their value, if any, is what they had spent when stopped),
   * and a hover text per bar ({@code null}: none).
   */
  record Bars(String name, double[] y, String color, boolean[] unfinished, String[] text) {
    Bars(String name, double[] y, String color) {
      this(name, y, color, new boolean[y.length], null);
    }
  }

  /** A horizontal line across a chart with a label, e.g. the row of points that could not be placed. */
  record Rule(double y, String label) {}

  /** At most this many points per line: long series are thinned evenly. */
  static final int MAX_POINTS = 2000;

  /** What the report says under its charts heading. */
  static final String NOTE = "Series longer than " + MAX_POINTS + " points are thinned evenly. On logarithmic axes "
      + "a zero is drawn on the line marked 0 below the smallest decade. A bar drawn outlined and marked ✕ is of a "
      + "run that did not complete: no downtime, and its data and time are what it had spent when cancelled. A "
      + "series equal to another is said so in its legend and drawn thinner over it.";

  /** Okabe–Ito: distinguishable in colour-blind vision and in greyscale print. */
  static final String[] PALETTE = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
      "#999999"};

  /** Two half-width charts, or one wide one, fit the 277 mm (1,047 px) of an A4 landscape page with 10 mm margins. */
  static final int WIDTH = 515;
  static final int WIDE = 1038;

  /** Series names longer than this get a full-width chart. */
  static final int LONG_NAME = 30;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Chart> charts = new ArrayList<>();

  List<Chart> all() {
    return charts;
  }

  static String color(int i) {
    return PALETTE[i % PALETTE.length];
  }

  /** A line chart of several named series; {@code integerX} labels the x axis at whole numbers only (rounds). */
  Chart lines(String title, String xTitle, String yTitle, boolean logX, boolean logY, List<Series> series) {
    return lines(title, xTitle, yTitle, null, logX, logY, false, series);
  }

  /**
   * A line chart; series with {@code right} set are drawn against a second y axis on the right
   * ({@code yRightTitle}), so that two measures of different units do not share one axis.
   */
  Chart lines(String title, String xTitle, String yTitle, String yRightTitle, boolean logX, boolean logY,
      boolean integerX, List<Series> series) {
    LogScale scale = logY ? LogScale.of(series.stream().filter(s -> !s.right()).map(Series::y).toList()) : null;
    List<Map<String, Object>> data = new ArrayList<>();
    String[] same = identical(series);
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      double[] y = scale != null && !s.right() ? scale.map(s.y()) : s.y();
      double[][] xy = thin(s.x(), y);
      Map<String, Object> trace = new LinkedHashMap<>();
      trace.put("type", "scatter");
      trace.put("name", same[i] == null ? s.name() : s.name() + " (same as " + same[i] + ")");
      trace.put("x", numbers(xy[0]));
      trace.put("y", numbers(xy[1]));
      trace.put("mode", xy[0].length > 60 ? "lines" : "lines+markers");
      boolean under = hasLaterTwin(same, series, i);
      trace.put("line", map("color", s.color(), "width", under ? 5 : 2, "dash", s.dash() == null ? "solid" : s.dash()));
      trace.put("marker", map("color", s.color(), "size", under ? 9 : 6, "symbol", s.symbol() == null ? "circle"
          : s.symbol()));
      if (s.text() != null) {
        trace.put("text", Arrays.asList(s.text()));
      }
      if (s.right()) {
        trace.put("yaxis", "y2");
      }
      data.add(trace);
    }
    // Long series names would push the legend over the plot in a half-width chart: give it the whole width.
    int width = series.stream().anyMatch(s -> s.name().length() > LONG_NAME) || yRightTitle != null ? WIDE : WIDTH;
    Map<String, Object> layout = layout(title, width, 380);
    Map<String, Object> x = axis(xTitle, logX ? LogScale.of(series.stream().map(Series::x).toList()) : null);
    if (integerX) {
      // Whole numbers only (no round 1.5): a step of 1, 2, 5, 10, 20, 50... giving at most 15 ticks.
      double max = series.stream().flatMapToDouble(s -> Arrays.stream(s.x())).max().orElse(1);
      long step = 1;
      for (int i = 0; max / step > 15; i++) {
        step = (long) (new int[] {2, 5, 10}[i % 3] * Math.pow(10, i / 3));
      }
      x.put("tick0", 0);
      x.put("dtick", step);
      x.put("tickformat", "d");
    }
    layout.put("xaxis", x);
    layout.put("yaxis", axis(yTitle, scale));
    if (yRightTitle != null) {
      Map<String, Object> y2 = axis(yRightTitle, null);
      y2.put("overlaying", "y");
      y2.put("side", "right");
      y2.put("showgrid", false);
      layout.put("yaxis2", y2);
      layout.put("margin", map("t", 40, "b", 55, "l", 80, "r", 80));
      layout.put("legend", map("orientation", "h", "y", -0.2));
    }
    return add(title, data, layout);
  }

  /** Points only, with a hover text per point; {@code rules} are horizontal labelled lines. */
  Chart points(String title, String xTitle, String yTitle, boolean logX, List<Series> series, List<Rule> rules) {
    List<Map<String, Object>> data = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      Map<String, Object> trace = new LinkedHashMap<>();
      trace.put("type", "scatter");
      trace.put("mode", "markers");
      trace.put("name", s.name());
      trace.put("x", numbers(s.x()));
      trace.put("y", numbers(s.y()));
      // Later series are drawn smaller, so that points of equal value nest instead of hiding each other.
      trace.put("marker", map("color", s.color(), "size", Math.max(7, 14 - 2 * (i % 4)), "symbol",
          s.symbol() == null ? "circle" : s.symbol(), "line", map("color", s.color(), "width", 2)));
      if (s.text() != null) {
        trace.put("text", Arrays.asList(s.text()));
      }
      data.add(trace);
    }
    Map<String, Object> layout = layout(title, WIDE, 460);
    layout.put("xaxis", axis(xTitle, logX ? LogScale.of(series.stream().map(Series::x).toList()) : null));
    layout.put("yaxis", axis(yTitle, null));
    List<Object> shapes = new ArrayList<>();
    List<Object> notes = new ArrayList<>();
    for (Rule r : rules) {
      shapes.add(map("type", "line", "xref", "paper", "x0", 0, "x1", 1, "yref", "y", "y0", r.y(), "y1", r.y(),
          "line", map("color", "#999", "width", 1, "dash", "dot")));
      notes.add(map("xref", "paper", "x", 0, "xanchor", "left", "yref", "y", "y", r.y(), "yanchor", "bottom",
          "text", r.label(), "showarrow", false, "font", map("size", 11, "color", "#555")));
    }
    if (!shapes.isEmpty()) {
      layout.put("shapes", shapes);
      layout.put("annotations", notes);
    }
    return add(title, data, layout);
  }

  /** Grouped bars: one group per category, one bar per series; runs that did not complete outlined and marked ✕. */
  Chart bars(String title, String yTitle, boolean logY, List<String> categories, List<Bars> series) {
    LogScale scale = logY ? LogScale.of(series.stream().map(Bars::y).toList()) : null;
    boolean unplaced = series.stream().anyMatch(b -> {
      for (int i = 0; i < b.y().length; i++) {
        if (b.unfinished()[i] && !(b.y()[i] > 0)) {
          return true;
        }
      }
      return false;
    });
    if (scale != null && unplaced) {
      scale = scale.withZeros();
    }
    List<Map<String, Object>> data = new ArrayList<>();
    for (Bars s : series) {
      int n = s.y().length;
      List<Object> y = new ArrayList<>();
      List<Object> fill = new ArrayList<>();
      List<Object> text = new ArrayList<>();
      boolean anyMark = false;
      for (int i = 0; i < n; i++) {
        double v = s.y()[i];
        boolean mark = s.unfinished()[i];
        anyMark |= mark;
        // An unfinished run without a value (no downtime) stands on the axis' floor, marked, never dropped.
        double shown = mark && !(v > 0) ? (scale != null ? scale.floor() : 0) : v;
        y.add(Double.isNaN(shown) ? null : scale != null ? scale.mapOne(shown) : shown);
        fill.add(mark ? "#ffffff" : s.color());
        text.add(mark ? "✕" : "");
      }
      Map<String, Object> trace = new LinkedHashMap<>();
      trace.put("type", "bar");
      trace.put("name", s.name());
      trace.put("x", categories);
      trace.put("y", y);
      trace.put("marker", map("color", fill, "line", map("color", s.color(), "width", 2)));
      if (anyMark) {
        trace.put("text", text);
        trace.put("textposition", "outside");
        trace.put("textfont", map("color", s.color(), "size", 12));
        trace.put("cliponaxis", false);
      }
      if (s.text() != null) {
        trace.put("hovertext", Arrays.asList(s.text()));
        trace.put("hoverinfo", "text+name");
      }
      data.add(trace);
    }
    Map<String, Object> layout = layout(title, WIDE, 420);
    layout.put("barmode", "group");
    layout.put("margin", map("t", 40, "b", 110, "l", 80, "r", 10));
    layout.put("xaxis", map("tickfont", font(), "type", "category"));
    layout.put("yaxis", axis(yTitle, scale));
    return add(title, data, layout);
  }

  /**
   * A timeline (Gantt chart): one horizontal bar per row from its start to its end, top to bottom in the order
   * given; the bar of a migration that did not complete is outlined, not filled, and marked ✕.
   */
  Chart gantt(String title, String xTitle, List<String> rows, double[] start, double[] end, boolean[] unfinished,
      String[] text) {
    List<Object> x = new ArrayList<>();
    List<Object> base = new ArrayList<>();
    List<Object> fill = new ArrayList<>();
    List<Object> line = new ArrayList<>();
    List<Object> marks = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      x.add(end[i] - start[i]);
      base.add(start[i]);
      fill.add(unfinished[i] ? "#ffffff" : color(i));
      line.add(color(i));
      marks.add(unfinished[i] ? "✕" : "");
    }
    Map<String, Object> trace = new LinkedHashMap<>();
    trace.put("type", "bar");
    trace.put("orientation", "h");
    trace.put("name", "migration");
    trace.put("y", rows);
    trace.put("x", x);
    trace.put("base", base);
    trace.put("marker", map("color", fill, "line", map("color", line, "width", 2)));
    trace.put("text", marks);
    trace.put("textposition", "inside");
    trace.put("hovertext", Arrays.asList(text));
    trace.put("hoverinfo", "text");
    Map<String, Object> layout = layout(title, WIDE, Math.max(200, 80 + 36 * rows.size()));
    layout.put("showlegend", false);
    layout.put("margin", map("t", 40, "b", 55, "l", 160, "r", 10));
    layout.put("xaxis", axis(xTitle, null));
    layout.put("yaxis", map("tickfont", font(), "type", "category", "autorange", "reversed"));
    return add(title, List.of(trace), layout);
  }

  /** Areas stacked on each other (what each series adds), with a horizontal rule (e.g. the link's capacity). */
  Chart stacked(String title, String xTitle, String yTitle, List<Series> series, Rule rule) {
    List<Map<String, Object>> data = new ArrayList<>();
    for (Series s : series) {
      Map<String, Object> trace = new LinkedHashMap<>();
      trace.put("type", "scatter");
      trace.put("mode", "lines");
      trace.put("name", s.name());
      trace.put("x", numbers(s.x()));
      trace.put("y", numbers(s.y()));
      trace.put("stackgroup", "one");
      trace.put("line", map("color", s.color(), "width", 1, "shape", "hv"));
      data.add(trace);
    }
    Map<String, Object> layout = layout(title, WIDE, 380);
    layout.put("xaxis", axis(xTitle, null));
    layout.put("yaxis", axis(yTitle, null));
    if (rule != null) {
      layout.put("shapes", List.of(map("type", "line", "xref", "paper", "x0", 0, "x1", 1, "yref", "y", "y0", rule.y(),
          "y1", rule.y(), "line", map("color", "#000", "width", 1, "dash", "dot"))));
      layout.put("annotations", List.of(map("xref", "paper", "x", 1, "xanchor", "right", "yref", "y", "y", rule.y(),
          "yanchor", "bottom", "text", rule.label(), "showarrow", false, "font", map("size", 11, "color", "#555"))));
    }
    return add(title, data, layout);
  }

  private Chart add(String title, List<Map<String, Object>> data, Map<String, Object> layout) {
    String id = "chart" + (charts.size() + 1);
    // No mode bar: it overlaps the titles of small charts and its buttons do nothing on paper.
    Map<String, Object> config = map("displayModeBar", false, "displaylogo", false);
    String script;
    try {
      script = "Plotly.newPlot('" + id + "'," + JSON.writeValueAsString(data) + "," + JSON.writeValueAsString(layout)
          + "," + JSON.writeValueAsString(config) + ");";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a chart's figure could not be written as JSON", e);
    }
    // Text from the results (trace names) must not close the script element.
    script = script.replace("</", "<\\/").replace("<!--", "<\\!--");
    Chart c = new Chart(id, title, "<div id=\"" + id + "\"></div>\n<script>" + script + "</script>\n");
    charts.add(c);
    return c;
  }

  private static Map<String, Object> layout(String title, int width, int height) {
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("title", map("text", title, "font", map("size", 14, "color", "#222")));
    l.put("width", width);
    l.put("height", height);
    l.put("margin", map("t", 40, "b", 55, "l", 80, "r", 10));
    l.put("showlegend", true);
    l.put("font", font());
    return l;
  }

  private static Map<String, Object> font() {
    return map("size", 12, "color", "#222");
  }

  private static Map<String, Object> axis(String title, LogScale log) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("title", map("text", title, "font", font()));
    a.put("gridcolor", "#ddd");
    a.put("tickfont", font());
    if (log == null) {
      a.put("type", "linear");
    } else {
      a.put("type", "log");
      // No "tickmode": plotly.js 1.54 turns an explicit tickmode "array" on a log axis into "auto", but takes
      // tickvals as an array when tickmode is left to its default.
      a.put("tickvals", numbers(log.tickValues()));
      a.put("ticktext", log.tickTexts());
      a.put("range", log.range());
    }
    return a;
  }

  /** For each series, the name of an earlier series with the same points, or null. */
  static String[] identical(List<Series> series) {
    String[] out = new String[series.size()];
    for (int i = 0; i < series.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (out[j] == null && Arrays.equals(series.get(i).x(), series.get(j).x())
            && Arrays.equals(series.get(i).y(), series.get(j).y()) && series.get(i).right() == series.get(j).right()) {
          out[i] = series.get(j).name();
          break;
        }
      }
    }
    return out;
  }

  private static boolean hasLaterTwin(String[] same, List<Series> series, int i) {
    for (int k = i + 1; k < same.length; k++) {
      if (series.get(i).name().equals(same[k])) {
        return true;
      }
    }
    return false;
  }

  /**
   * A logarithmic axis that shows zeros: labelled at powers of ten (plotly's own labels also mark 2 and 5,
   * which print as "2, 100, 5"), with values at or below zero drawn on a floor one decade below the smallest
   * positive value, labelled 0.
   */
  record LogScale(double min, double max, boolean zeros) {
    static LogScale of(List<double[]> values) {
      double min = Double.POSITIVE_INFINITY;
      double max = 0;
      boolean zeros = false;
      for (double[] ys : values) {
        for (double v : ys) {
          if (v > 0) {
            min = Math.min(min, v);
            max = Math.max(max, v);
          } else if (!Double.isNaN(v)) {
            zeros = true;
          }
        }
      }
      if (max == 0) {
        min = 1;
        max = 10;
      }
      return new LogScale(min, max, zeros);
    }

    LogScale withZeros() {
      return new LogScale(min, max, true);
    }

    /** Where zeros are drawn: one decade below the decade of the smallest positive value. */
    double floor() {
      return Math.pow(10, Math.floor(Math.log10(min)) - 1);
    }

    /** The axis range in log10 units: from just below the floor (or the smallest value) to just above the largest. */
    List<Double> range() {
      return List.of(zeros ? Math.log10(floor()) - 0.3 : Math.log10(min) - 0.2, Math.log10(max) + 0.2);
    }

    double mapOne(double v) {
      return Double.isNaN(v) ? v : v > 0 ? v : floor();
    }

    double[] map(double[] y) {
      double[] out = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        out[i] = mapOne(y[i]);
      }
      return out;
    }

    /**
     * Ticks at powers of ten; where the values span less than two decades, also at 2 and 5 times them, each
     * labelled in full (plotly's own minor labels read "2, 100, 5").
     */
    double[] tickValues() {
      List<Double> ticks = new ArrayList<>();
      if (zeros) {
        ticks.add(floor());
      }
      boolean fine = max / min < 100;
      // Up to the first decade at or above the largest value: the range ends a little above it.
      for (long e = Math.round(Math.log10(floor())) + 1; Math.pow(10, e - 1) < max; e++) {
        for (double m : fine ? new double[] {1, 2, 5} : new double[] {1}) {
          double v = m * Math.pow(10, e);
          if (!fine || (v >= min / 2 && v <= max * 2)) {
            ticks.add(v);
          }
        }
      }
      return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    List<String> tickTexts() {
      List<String> out = new ArrayList<>();
      double[] v = tickValues();
      for (int i = 0; i < v.length; i++) {
        out.add(zeros && i == 0 ? "0" : decade(v[i]));
      }
      return out;
    }

    /** 1, 20, 500, 1k, 20k, 5M, 0.05: a tick's label. */
    static String decade(double v) {
      java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(1));
      String[] si = {"", "k", "M", "G", "T"};
      int k = 0;
      while (k < si.length - 1 && d.compareTo(java.math.BigDecimal.valueOf(1000)) >= 0) {
        d = d.movePointLeft(3);
        k++;
      }
      return d.stripTrailingZeros().toPlainString() + si[k];
    }
  }

  /** Numbers for JSON: NaN and infinities become null, which plotly leaves out. */
  static List<Object> numbers(double[] v) {
    List<Object> out = new ArrayList<>(v.length);
    for (double d : v) {
      out.add(Double.isFinite(d) ? (Object) d : null);
    }
    return out;
  }

  /** The values with every one at or below zero replaced by NaN. */
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

  /** An ordered map of alternating keys and values. */
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static String format(double v) {
    return String.format(Locale.US, "%.3g", v);
  }
}
