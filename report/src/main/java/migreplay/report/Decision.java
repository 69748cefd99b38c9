package migreplay.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The recommendation per trace × link under a downtime objective: of every run there (any algorithm,
 * any parameter set), the fastest that completed with a downtime within the objective (ties: less data, then
 * the shorter downtime, then run order), or none, and why. A run that did not complete is never recommended;
 * one that completed over the objective is not either, however little it sends.
 */
final class Decision {
  private Decision() {}

  /**
   * @param comparison {@link Comparison#table}
   * @param labels {@link Comparison#labels}
   * @return one row per trace and network, in the comparison's order: trace, bandwidth_bps, recommended (a
   *     label, or empty), run_id, total_time_s, downtime_ms, data_mib, looped, why
   */
  static Table table(Table comparison, Map<String, String> labels, double maxDowntimeMs) {
    Map<String, List<Integer>> byNetwork = new LinkedHashMap<>();
    for (int i = 0; i < comparison.rowCount(); i++) {
      byNetwork.computeIfAbsent(comparison.stringColumn("network").get(i), k -> new ArrayList<>()).add(i);
    }
    Table out = Table.create("decision", StringColumn.create("trace"), LongColumn.create("bandwidth_bps"),
        StringColumn.create("recommended"), LongColumn.create("run_id"), DoubleColumn.create("total_time_s"),
        DoubleColumn.create("downtime_ms"), DoubleColumn.create("data_mib"), LongColumn.create("trace_laps"),
        StringColumn.create("why"));
    String objective = Verdicts.objective(maxDowntimeMs);
    byNetwork.forEach((network, rows) -> {
      List<Integer> completed = rows.stream().filter(r -> !comparison.doubleColumn("downtime_ms").isMissing(r))
          .toList();
      List<Integer> within = completed.stream().filter(r -> comparison.booleanColumn("within_objective").get(r))
          .sorted(Comparator.<Integer>comparingDouble(r -> comparison.doubleColumn("total_time_s").get(r))
              .thenComparingDouble(r -> comparison.doubleColumn("data_mib").get(r))
              .thenComparingDouble(r -> comparison.doubleColumn("downtime_ms").get(r))
              .thenComparingLong(r -> comparison.longColumn("run_id").get(r)))
          .toList();
      int over = completed.size() - within.size();
      int unfinished = rows.size() - completed.size();
      int first = rows.get(0);
      out.stringColumn("trace").append(comparison.stringColumn("trace").get(first));
      out.longColumn("bandwidth_bps").append(comparison.longColumn("bandwidth_bps").get(first));
      List<String> why = new ArrayList<>();
      if (!within.isEmpty()) {
        int r = within.get(0);
        out.stringColumn("recommended").append(label(comparison, labels, r));
        out.longColumn("run_id").append(comparison.longColumn("run_id").get(r));
        out.doubleColumn("total_time_s").append(comparison.doubleColumn("total_time_s").get(r));
        out.doubleColumn("downtime_ms").append(comparison.doubleColumn("downtime_ms").get(r));
        out.doubleColumn("data_mib").append(comparison.doubleColumn("data_mib").get(r));
        out.longColumn("trace_laps").append(comparison.longColumn("trace_laps").get(r));
        why.add(within.size() == 1 ? "the only run of " + rows.size() + " to complete within " + objective
            : "the fastest of " + within.size() + " runs that complete within " + objective);
        if (within.size() > 1) {
          int next = within.get(1);
          why.add(String.format(Locale.US, "next: %s, %.3f s", label(comparison, labels, next),
              comparison.doubleColumn("total_time_s").get(next)));
        }
      } else {
        out.stringColumn("recommended").append("");
        out.longColumn("run_id").appendMissing();
        out.doubleColumn("total_time_s").appendMissing();
        out.doubleColumn("downtime_ms").appendMissing();
        out.doubleColumn("data_mib").appendMissing();
        out.longColumn("trace_laps").appendMissing();
        if (completed.isEmpty()) {
          why.add("no run completes");
        } else {
          int shortest = completed.stream().min(Comparator.<Integer>comparingDouble(
              r -> comparison.doubleColumn("downtime_ms").get(r))).orElseThrow();
          why.add("none completes within " + objective + ": the shortest downtime is " + label(comparison, labels,
              shortest) + "'s, " + Verdicts.duration(comparison.doubleColumn("downtime_ms").get(shortest)));
        }
      }
      if (over > 0 && !within.isEmpty()) {
        why.add(over + " over " + objective);
      }
      if (unfinished > 0) {
        List<String> names = new ArrayList<>();
        for (int r : rows) {
          if (comparison.doubleColumn("downtime_ms").isMissing(r)) {
            names.add(label(comparison, labels, r) + " " + comparison.stringColumn("outcome").get(r));
          }
        }
        why.add(String.join(", ", names));
      }
      out.stringColumn("why").append(String.join("; ", why));
    });
    return out;
  }

  static String label(Table comparison, Map<String, String> labels, int row) {
    return labels.get(Comparison.labelKey(comparison.stringColumn("algorithm").get(row),
        comparison.stringColumn("params").get(row)));
  }
}
