package migreplay.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import migreplay.io.AtomicOutput;
import migreplay.replay.params.Units;
import migreplay.results.DrainRow;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * The page of a drain's results (drain.arrow and link.arrow, read back from the files as {@code report}
 * reads runs): per drain, the headline (how long the drain took, which guests failed), the timeline of its
 * migrations (a Gantt chart) and the link's use over time, then the guests' table. A migration that did not
 * complete is never counted as done: it is named in the headline and drawn outlined and marked ✕.
 */
public final class DrainReport {
  static final List<String> DRAIN_COLUMNS = List.of("drain_id", "parallel", "link_bps", "order", "algorithm",
      "params", "position", "guest", "wait_s", "start_s", "end_s", "status", "reason", "migration_status",
      "bytes_sent", "total_time_s", "downtime_s", "mean_link_share");
  static final List<String> LINK_COLUMNS = List.of("drain_id", "start_s", "interval_s", "position", "guest", "bits");
  static final List<String> FLEET_COLUMNS = List.of("host", "drain_id", "settings", "guests", "total_s", "failed");
  static final List<String> TABLE_COLUMNS = List.of("position", "guest", "wait_s", "end_s", "outcome", "data_mib",
      "downtime_ms", "mean_link_share");
  /** Drains shown with charts; a sweep's others are in the files and the summary table. */
  static final int MAX_CHARTED = 12;

  private DrainReport() {}

  /** Writes {@code index} (atomically) from the drain results in {@code dir}; returns its path. */
  public static Path write(Path dir, Path index) throws IOException {
    Table drain = withHost(Results.read(dir.resolve("drain.arrow"), DRAIN_COLUMNS));
    Table link = Results.read(dir.resolve("link.arrow"), LINK_COLUMNS);
    // Tablesaw's Row is a cursor: keep one per row.
    Map<Long, List<Row>> byDrain = new LinkedHashMap<>();
    for (int i = 0; i < drain.rowCount(); i++) {
      Row r = drain.row(i);
      byDrain.computeIfAbsent(r.getLong("drain_id"), k -> new ArrayList<>()).add(r);
    }
    Map<String, String> label = ParamSets.distinguishing(drain.stringColumn("params").unique().asList());
    HtmlPage page = new HtmlPage("migreplay drain");
    page.paragraph("Each drain migrates the host's guests over one shared link, at most N at a time, in the order "
        + "shown; a guest starts when a slot frees, its trace having played while it waited. Times are on the "
        + "drain's clock from its start. A migration that did not complete (not converged, or failed) is drawn "
        + "outlined and marked ✕ and makes the drain fail.");
    if (drain.stringColumn("host").unique().size() > 1) {
      page.heading("Fleet: " + drain.stringColumn("host").unique().size() + " hosts");
      page.table(fleetTable(byDrain, label), FLEET_COLUMNS);
    }
    int charted = 0;
    for (Map.Entry<Long, List<Row>> e : byDrain.entrySet()) {
      List<Row> rows = e.getValue();
      Row first = rows.get(0);
      page.heading(headline(e.getKey(), rows));
      if (charted++ >= MAX_CHARTED) {
        page.note("Charts are drawn for the first " + MAX_CHARTED + " drains only; drain.csv has every guest.");
        continue;
      }
      List<String> labels = new ArrayList<>();
      double[] start = new double[rows.size()];
      double[] end = new double[rows.size()];
      boolean[] unfinished = new boolean[rows.size()];
      String[] text = new String[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        labels.add(r.getInt("position") + ". " + r.getString("guest"));
        start[i] = r.getDouble("start_s");
        end[i] = r.getDouble("end_s");
        unfinished[i] = !completed(r);
        text[i] = String.format(Locale.US, "%s: waited %.3f s, migrated %.3f–%.3f s, %s", r.getString("guest"),
            r.getDouble("wait_s"), start[i], end[i], outcome(r));
      }
      String settings = settings(first, label);
      page.chart(c -> c.gantt("Timeline: " + settings, "drain time (s)", labels, start, end, unfinished, text));
      page.chart(c -> c.stacked("Link use: " + settings, "drain time (s)", "Mbit/s", linkSeries(link, e.getKey(),
          labels), new Charts.Rule(first.getLong("link_bps") / 1e6, "link " + Units.formatBandwidth(first.getLong("link_bps")))));
      page.table(guestTable(rows), TABLE_COLUMNS);
    }
    String html = page.render("Written by migreplay drain from " + dir.resolve("drain.arrow") + " and "
        + dir.resolve("link.arrow") + ".");
    try (AtomicOutput out = AtomicOutput.create(index)) {
      Files.writeString(out.temp(), html, StandardCharsets.UTF_8);
      out.commit();
    }
    return index;
  }

  /** The terminal's summary: a headline per drain and a line per guest. */
  public static String text(List<DrainRow> rows) {
    StringBuilder b = new StringBuilder();
    // only the pairs that tell the drains' parameter sets apart (a manager's settings are dozens of pairs)
    Map<String, String> label = ParamSets.distinguishing(rows.stream().map(DrainRow::params).distinct().toList());
    long drain = -1;
    for (int i = 0; i < rows.size(); i++) {
      DrainRow r = rows.get(i);
      if (r.drainId() != drain) {
        drain = r.drainId();
        long id = drain;
        List<DrainRow> these = rows.stream().filter(x -> x.drainId() == id).toList();
        double total = these.stream().mapToDouble(DrainRow::endS).max().orElse(0);
        List<String> failed = these.stream().filter(x -> !x.completed()).map(DrainRow::guest).toList();
        b.append(String.format(Locale.US, "drain %d%s: %s, %s, --parallel %d, --order %s%s: %.3f s, %s%n", id,
            r.host().isEmpty() ? "" : " (host " + r.host() + ")", r.algorithm(), Units.formatBandwidth(r.linkBps()), r.parallel(), r.order(),
            label.get(r.params()).isEmpty() ? "" : " (" + label.get(r.params()) + ")", total,
            failed.isEmpty() ? "no failed guest" : failed.size() + " failed: " + String.join(", ", failed)));
        b.append(String.format(Locale.US, "  %3s %-24s %10s %10s %10s %12s %12s %6s  %s%n", "pos", "guest", "wait_s",
            "end_s", "total_s", "sent_MiB", "downtime_ms", "share", "outcome"));
      }
      String outcome = r.completed() ? "completed" : r.status().equals("ok") ? r.migrationStatus()
          : "failed: " + r.reason();
      b.append(String.format(Locale.US, "  %3d %-24s %10.3f %10.3f %10s %12s %12s %6s  %s%n", r.position(),
          r.guest(), r.waitS(), r.endS(), r.totalTimeS() == null ? "-" : String.format(Locale.US, "%.3f", r.totalTimeS()),
          r.bytesSent() == null ? "-" : String.format(Locale.US, "%.1f", r.bytesSent() / 1048576.0),
          r.downtimeS() == null ? "-" : String.format(Locale.US, "%.1f", r.downtimeS() * 1000),
          r.meanLinkShare() == null ? "-" : String.format(Locale.US, "%.2f", r.meanLinkShare()), outcome));
    }
    return b.toString();
  }

  private static String headline(long id, List<Row> rows) {
    double total = rows.stream().mapToDouble(r -> r.getDouble("end_s")).max().orElse(0);
    List<String> failed = rows.stream().filter(r -> !completed(r)).map(r -> r.getString("guest")).toList();
    String host = rows.get(0).getString("host");
    return String.format(Locale.US, "Drain %d%s: %d guests in %.3f s, %s", id, host.isEmpty() ? "" : " (host " + host + ")",
        rows.size(), total, failed.isEmpty() ? "no failed guest" : failed.size() + " failed (" + String.join(", ", failed) + ")");
  }

  /** Drains written before the {@code host} column (one host) read as one unnamed host. */
  private static Table withHost(Table drain) {
    if (!drain.containsColumn("host")) {
      tech.tablesaw.api.StringColumn host = tech.tablesaw.api.StringColumn.create("host");
      for (int i = 0; i < drain.rowCount(); i++) {
        host.append("");
      }
      drain.insertColumn(0, host);
    }
    return drain;
  }

  /** One row per drain of a fleet: its host, settings, total time and failed guests. */
  private static Table fleetTable(Map<Long, List<Row>> byDrain, Map<String, String> label) {
    tech.tablesaw.api.StringColumn host = tech.tablesaw.api.StringColumn.create("host");
    tech.tablesaw.api.LongColumn id = tech.tablesaw.api.LongColumn.create("drain_id");
    tech.tablesaw.api.StringColumn settings = tech.tablesaw.api.StringColumn.create("settings");
    tech.tablesaw.api.IntColumn guests = tech.tablesaw.api.IntColumn.create("guests");
    tech.tablesaw.api.DoubleColumn total = tech.tablesaw.api.DoubleColumn.create("total_s");
    tech.tablesaw.api.StringColumn failed = tech.tablesaw.api.StringColumn.create("failed");
    for (Map.Entry<Long, List<Row>> e : byDrain.entrySet()) {
      List<Row> rows = e.getValue();
      host.append(rows.get(0).getString("host"));
      id.append(e.getKey());
      settings.append(settings(rows.get(0), label));
      guests.append(rows.size());
      total.append(rows.stream().mapToDouble(r -> r.getDouble("end_s")).max().orElse(0));
      List<String> f = rows.stream().filter(r -> !completed(r)).map(r -> r.getString("guest")).toList();
      failed.append(f.isEmpty() ? "none" : String.join(", ", f));
    }
    return Table.create("fleet", host, id, settings, guests, total, failed);
  }

  /** The drain's settings; of its parameters only those that set it apart (they are all in drain.csv). */
  private static String settings(Row r, Map<String, String> label) {
    String params = label.getOrDefault(r.getString("params"), "");
    return String.format(Locale.US, "%s, %s, %d at a time, order %s%s", r.getString("algorithm"),
        Units.formatBandwidth(r.getLong("link_bps")), r.getInt("parallel"), r.getString("order"),
        params.isEmpty() ? "" : " (" + params + ")");
  }

  private static boolean completed(Row r) {
    return "ok".equals(r.getString("status")) && "completed".equals(r.getString("migration_status"));
  }

  private static String outcome(Row r) {
    if (!"ok".equals(r.getString("status"))) {
      return "failed: " + r.getString("reason");
    }
    return r.getString("migration_status");
  }

  private static List<Charts.Series> linkSeries(Table link, long drain, List<String> labels) {
    List<Charts.Series> out = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      int position = i + 1;
      List<double[]> points = new ArrayList<>();
      for (Row r : link) {
        if (r.getLong("drain_id") == drain && r.getInt("position") == position) {
          points.add(new double[] {r.getDouble("start_s"), r.getLong("bits") / r.getDouble("interval_s") / 1e6});
        }
      }
      // Zeros where the guest carried nothing, so that the stacked areas do not bridge its gaps.
      List<double[]> filled = new ArrayList<>();
      for (int k = 0; k < points.size(); k++) {
        double[] p = points.get(k);
        if (k > 0 && p[0] - points.get(k - 1)[0] > 0.15) {
          filled.add(new double[] {points.get(k - 1)[0] + 0.1, 0});
          filled.add(new double[] {p[0] - 0.1, 0});
        }
        filled.add(p);
      }
      if (!filled.isEmpty()) {
        filled.add(new double[] {filled.get(filled.size() - 1)[0] + 0.1, 0});
      }
      double[] x = filled.stream().mapToDouble(p -> p[0]).toArray();
      double[] y = filled.stream().mapToDouble(p -> p[1]).toArray();
      out.add(new Charts.Series(labels.get(i), x, y, Charts.color(i)));
    }
    return out;
  }

  private static Table guestTable(List<Row> rows) {
    tech.tablesaw.api.IntColumn pos = tech.tablesaw.api.IntColumn.create("position");
    tech.tablesaw.api.StringColumn guest = tech.tablesaw.api.StringColumn.create("guest");
    tech.tablesaw.api.DoubleColumn wait = tech.tablesaw.api.DoubleColumn.create("wait_s");
    tech.tablesaw.api.DoubleColumn end = tech.tablesaw.api.DoubleColumn.create("end_s");
    tech.tablesaw.api.StringColumn outcome = tech.tablesaw.api.StringColumn.create("outcome");
    tech.tablesaw.api.DoubleColumn data = tech.tablesaw.api.DoubleColumn.create("data_mib");
    tech.tablesaw.api.DoubleColumn down = tech.tablesaw.api.DoubleColumn.create("downtime_ms");
    tech.tablesaw.api.DoubleColumn share = tech.tablesaw.api.DoubleColumn.create("mean_link_share");
    for (Row r : rows) {
      pos.append(r.getInt("position"));
      guest.append(r.getString("guest"));
      wait.append(r.getDouble("wait_s"));
      end.append(r.getDouble("end_s"));
      outcome.append(outcome(r));
      appendOrMissing(data, r, "bytes_sent", 1.0 / 1048576);
      appendOrMissing(down, r, "downtime_s", 1000);
      appendOrMissing(share, r, "mean_link_share", 1);
    }
    return Table.create("guests", pos, guest, wait, end, outcome, data, down, share);
  }

  private static void appendOrMissing(tech.tablesaw.api.DoubleColumn c, Row r, String column, double scale) {
    if (r.isMissing(column)) {
      c.appendMissing();
    } else if (r.getColumnType(column) == tech.tablesaw.api.ColumnType.LONG) {
      c.append(r.getLong(column) * scale);
    } else {
      c.append(r.getDouble(column) * scale);
    }
  }
}
