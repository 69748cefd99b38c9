package migreplay.report;

import java.util.List;
import java.util.Locale;
import migreplay.replay.params.Units;
import tech.tablesaw.api.Table;

/** Renders Tablesaw tables as HTML and Markdown, with units and fixed decimals (Locale.US). */
final class TableFormat {
  private TableFormat() {}

  /** Column heading with its unit. */
  static String heading(String column) {
    return switch (column) {
      case "bandwidth_bps" -> "bandwidth";
      case "data_mib" -> "data (MiB)";
      case "total_time_s" -> "total time (s)";
      case "downtime_ms" -> "downtime (ms)";
      case "hot_pages" -> "hot pages";
      case "data_reduction_pct" -> "data −%";
      case "time_reduction_pct" -> "time −%";
      case "data_reduction_mean_pct" -> "data −%, mean of traces";
      case "time_reduction_mean_pct" -> "time −%, mean of traces";
      case "downtime_change_ms" -> "downtime Δ (ms)";
      case "downtime_change_median_ms" -> "downtime Δ median (ms)";
      case "downtime_change_max_ms" -> "downtime Δ max (ms)";
      case "downtime_worse" -> "downtime longer";
      case "data_reduction_pooled_pct" -> "data −%, pooled";
      case "time_reduction_pooled_pct" -> "time −%, pooled";
      case "downtime_median_ms" -> "downtime median (ms)";
      case "within_objective" -> "within objective";
      case "outcome_shown" -> "outcome";
      case "trace_laps" -> "laps";
      case "variant" -> "params";
      case "looped_runs" -> "looped runs";
      case "mean_rounds" -> "mean rounds";
      case "max_rounds" -> "max rounds";
      case "ram_mib" -> "guest RAM (MiB)";
      case "duration_s" -> "duration (s)";
      case "distinct_pages" -> "distinct pages";
      case "mean_dirty_rate" -> "mean dirty pages/s";
      default -> column.replace('_', ' ');
    };
  }

  static String cell(Table t, int row, String column) {
    if (t.column(column).isMissing(row)) {
      return "–";
    }
    // A run that did not converge had spent this much when it was cancelled: at least that, never a total.
    String atLeast = (column.equals("data_mib") || column.equals("total_time_s")) && t.containsColumn("outcome")
        && t.stringColumn("outcome").get(row).equals(Outcome.NOT_CONVERGED.label()) ? "≥\u00a0" : "";
    return atLeast + switch (column) {
      case "bandwidth_bps" -> Units.formatBandwidth(t.longColumn(column).get(row));
      case "data_mib", "mean_rounds" -> String.format(Locale.US, "%.1f", t.doubleColumn(column).get(row) + 0.0);
      case "total_time_s" -> String.format(Locale.US, "%.3f", t.doubleColumn(column).get(row));
      case "downtime_ms", "downtime_median_ms" -> milliseconds(t.doubleColumn(column).get(row));
      case "ram_mib" -> String.format(Locale.US, "%.1f", t.doubleColumn(column).get(row));
      case "max_rounds", "mean_dirty_rate" ->
          String.format(Locale.US, "%.0f", t.doubleColumn(column).get(row));
      case "duration_s" -> String.format(Locale.US, "%.1f", t.doubleColumn(column).get(row));
      case "data_reduction_pct", "time_reduction_pct", "data_reduction_mean_pct", "time_reduction_mean_pct",
          "data_reduction_pooled_pct", "time_reduction_pooled_pct" ->
          Double.isNaN(t.doubleColumn(column).get(row)) ? "–" : signed(t.doubleColumn(column).get(row));
      case "within_objective" -> t.column(column) instanceof tech.tablesaw.api.BooleanColumn b
          ? (b.get(row) ? "yes" : "no") : t.getString(row, column);
      case "downtime_change_ms", "downtime_change_median_ms", "downtime_change_max_ms" ->
          Double.isNaN(t.doubleColumn(column).get(row)) ? "–"
              : String.format(Locale.US, "%+.1f", zeroIfRounded(t.doubleColumn(column).get(row), 0.05));
      case "trace_laps" -> t.longColumn(column).get(row) + (t.longColumn(column).get(row) > 1 ? "*" : "");
      default -> t.getString(row, column);
    };
  }

  /** A downtime in ms: one decimal, or three below 1 ms (0.016, not a misleading 0.0); 0 only when it is 0. */
  static String milliseconds(double ms) {
    return ms == 0 ? "0" : String.format(Locale.US, ms < 1 ? "%.3f" : "%.1f", ms);
  }

  /** One decimal with a sign; anything that rounds to zero is +0.0, never -0.0. */
  static String signed(double v) {
    return String.format(Locale.US, "%+.1f", zeroIfRounded(v, 0.05));
  }

  private static double zeroIfRounded(double v, double half) {
    return Math.abs(v) < half ? 0.0 : v;
  }

  static boolean numeric(String column) {
    return !List.of("record", "trace", "algorithm", "params", "variant", "status", "workload", "hypervisor",
        "provenance", "downtime_worse", "outcome", "outcome_shown", "compared", "base_outcome", "recommended", "why",
        "reason", "converged", "within_objective", "completed").contains(column);
  }

  /** Decimals of each number column in CSV: fixed, never an exponent. */
  private static int decimals(String column) {
    return switch (column) {
      case "data_mib", "downtime_ms", "downtime_change_ms", "base_downtime_ms" -> 3;
      case "total_time_s", "dirty_ratio" -> 6;
      default -> 2;
    };
  }

  /**
   * CSV with a header, numbers in plain fixed-decimal form (no {@code -4.06E-6}, no {@code -0.00}), empty
   * cells for missing values, fields quoted only when they must be.
   */
  static String csv(Table t, List<String> columns) {
    StringBuilder b = new StringBuilder();
    try (org.apache.commons.csv.CSVPrinter p = new org.apache.commons.csv.CSVPrinter(b, TableFiles.csvFormat(columns))) {
      for (int r = 0; r < t.rowCount(); r++) {
        for (String c : columns) {
          if (t.column(c).isMissing(r)) {
            p.print("");
          } else if (t.column(c) instanceof tech.tablesaw.api.DoubleColumn d) {
            int n = decimals(c);
            p.print(String.format(Locale.US, "%." + n + "f", zeroIfRounded(d.get(r), 0.5 / Math.pow(10, n))));
          } else {
            p.print(t.getString(r, c));
          }
        }
        p.println();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // a StringBuilder does not fail
    }
    return b.toString();
  }

  static String html(Table t, List<String> columns) {
    StringBuilder b = new StringBuilder("<table><thead><tr>");
    for (String c : columns) {
      b.append("<th>").append(escape(heading(c))).append("</th>");
    }
    b.append("</tr></thead><tbody>\n");
    for (int r = 0; r < t.rowCount(); r++) {
      b.append("<tr>");
      for (String c : columns) {
        String text = cell(t, r, c);
        // A number never wraps; a cell of several numbers ("12.3 / 12.1 (-1.6%)") may, at its spaces.
        b.append(!numeric(c) ? "<td>" : text.contains(" ") ? "<td class=num>" : "<td class=\"num nw\">")
            .append(escape(text)).append("</td>");
      }
      b.append("</tr>\n");
    }
    return b.append("</tbody></table>\n").toString();
  }

  static String markdown(Table t, List<String> columns) {
    StringBuilder b = new StringBuilder("|");
    for (String c : columns) {
      b.append(' ').append(heading(c)).append(" |");
    }
    b.append("\n|");
    for (String c : columns) {
      b.append(numeric(c) ? "---:|" : "---|");
    }
    b.append('\n');
    for (int r = 0; r < t.rowCount(); r++) {
      b.append('|');
      for (String c : columns) {
        b.append(' ').append(cell(t, r, c).replace("|", "\\|")).append(" |");
      }
      b.append('\n');
    }
    return b.toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
