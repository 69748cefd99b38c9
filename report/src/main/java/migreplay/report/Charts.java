package migreplay.report;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Config;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Margin;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/** Plotly figures (through Tablesaw's jsplot) for the report; each is a div and its script. */
final class Charts {
  /** One chart: its element id, heading and the div + script that draw it. */
  record Chart(String id, String title, String html) {}

  /** At most this many points per line: long series are thinned evenly. */
  static final int MAX_POINTS = 2000;

  private final List<Chart> charts = new ArrayList<>();

  List<Chart> all() {
    return charts;
  }

  /** A line chart of several named series. */
  Chart lines(String title, String xTitle, String yTitle, boolean logX, boolean logY, List<Series> series) {
    // Tablesaw uses the id as a JavaScript variable name too, so it must be an identifier (no hyphen).
    String id = "chart" + (charts.size() + 1);
    List<Trace> traces = new ArrayList<>();
    for (Series s : series) {
      double[][] xy = thin(s.x(), s.y());
      traces.add(ScatterTrace.builder(xy[0], xy[1]).name(s.name())
          .mode(xy[0].length > 60 ? ScatterTrace.Mode.LINE : ScatterTrace.Mode.LINE_AND_MARKERS).build());
    }
    Layout layout = Layout.builder().title(title).height(360).width(560)
        .margin(Margin.builder().top(40).bottom(50).left(70).right(10).build())
        .xAxis(Axis.builder().title(xTitle).type(logX ? Axis.Type.LOG : Axis.Type.LINEAR).build())
        .yAxis(Axis.builder().title(yTitle).type(logY ? Axis.Type.LOG : Axis.Type.LINEAR).build())
        .showLegend(true).build();
    // No mode bar: it overlaps the titles of small charts and its buttons do nothing on paper.
    Config config = Config.builder().displayModeBar(false).displayLogo(false).build();
    Figure fig = new Figure(layout, config, traces.toArray(new Trace[0]));
    // asJavascript gives only the script, which draws into an element with the id: write the element first.
    Chart c = new Chart(id, title, "<div id=\"" + id + "\"></div>\n" + fig.asJavascript(id));
    charts.add(c);
    return c;
  }

  /** A named series of points. */
  record Series(String name, double[] x, double[] y) {}

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
