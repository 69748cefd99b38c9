package migreplay.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The report's section on migrations a management layer drove or that switched to post-copy: per run, how it
 * ended, its switch and post-copy phase, its remote faults, and what the manager did when (README, "Will it
 * migrate under Nova's / KubeVirt's defaults?"). Empty when no run had either (or the results predate them).
 */
final class ManagedRuns {
  static final List<String> COLUMNS = List.of("trace", "variant", "migration_status", "total_time_s",
      "downtime_ms", "postcopy_start_s", "postcopy_s", "postcopy_pages", "postcopy_requests", "fault_wait_s",
      "fault_accesses");
  static final String NOTE = "Runs a management layer drove (manager) or that switched to post-copy. A run that "
      + "did not complete has no downtime. postcopy_requests are remote faults (the guest touched a page not yet "
      + "received and waited fault_wait_s in all); fault_accesses says whether the trace's reads could fault too.";

  private final Table table;
  private final List<String> actions;

  private ManagedRuns(Table table, List<String> actions) {
    this.table = table;
    this.actions = actions;
  }

  /** The section for {@code runs} (every column of the runs file), with variant labels from {@code labels}. */
  static ManagedRuns of(Table runs, Map<String, String> labels) {
    Table t = Table.create("managed", StringColumn.create("trace"), StringColumn.create("variant"),
        StringColumn.create("migration_status"), DoubleColumn.create("total_time_s"),
        DoubleColumn.create("downtime_ms"), DoubleColumn.create("postcopy_start_s"), DoubleColumn.create("postcopy_s"),
        LongColumn.create("postcopy_pages"), LongColumn.create("postcopy_requests"),
        DoubleColumn.create("fault_wait_s"), StringColumn.create("fault_accesses"));
    List<String> actions = new ArrayList<>();
    if (!runs.containsColumn("manager_actions") || !runs.containsColumn("postcopy_start_s")) {
      return new ManagedRuns(t, actions);
    }
    Table sorted = runs.sortAscendingOn("run_id");
    for (int i = 0; i < sorted.rowCount(); i++) {
      boolean managed = !sorted.column("manager_actions").isMissing(i);
      boolean postcopy = !sorted.column("postcopy_start_s").isMissing(i);
      if (!managed && !postcopy) {
        continue;
      }
      String algorithm = sorted.stringColumn("algorithm").get(i);
      String label = labels.getOrDefault(Comparison.labelKey(algorithm, sorted.stringColumn("params").get(i)),
          algorithm);
      String variant = label.length() > algorithm.length() ? label.substring(algorithm.length() + 1) : "–";
      String trace = sorted.stringColumn("trace_name").get(i);
      String status = sorted.column("migration_status").isMissing(i) ? sorted.stringColumn("status").get(i)
          : sorted.stringColumn("migration_status").get(i);
      t.stringColumn("trace").append(trace);
      t.stringColumn("variant").append(variant);
      t.stringColumn("migration_status").append(status);
      t.doubleColumn("total_time_s").append(number(sorted, "total_time_s", i));
      boolean completed = "completed".equals(status);
      if (completed) {
        t.doubleColumn("downtime_ms").append(number(sorted, "downtime_s", i) * 1000);
      } else {
        t.doubleColumn("downtime_ms").appendMissing();
      }
      for (String c : new String[] {"postcopy_start_s", "postcopy_s", "fault_wait_s"}) {
        if (postcopy) {
          t.doubleColumn(c).append(number(sorted, c, i));
        } else {
          t.doubleColumn(c).appendMissing();
        }
      }
      for (String c : new String[] {"postcopy_pages", "postcopy_requests"}) {
        if (postcopy) {
          t.longColumn(c).append(sorted.longColumn(c).get(i));
        } else {
          t.longColumn(c).appendMissing();
        }
      }
      t.stringColumn("fault_accesses").append(postcopy ? sorted.stringColumn("fault_accesses").get(i) : "");
      if (managed) {
        actions.add(String.format(Locale.ROOT, "%s, %s: %s", trace, variant,
            sorted.stringColumn("manager_actions").get(i)));
      }
    }
    return new ManagedRuns(t, actions);
  }

  /** A number to the ms (3 decimals): the table shows it as it is. */
  private static double number(Table t, String column, int row) {
    return Math.round(((tech.tablesaw.api.NumericColumn<?>) t.column(column)).getDouble(row) * 1000) / 1000.0;
  }

  boolean isEmpty() {
    return table.rowCount() == 0;
  }

  /** The section in Markdown, or "" when empty. */
  String markdown() {
    if (isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("\n## Post-copy and management layers\n\n").append(NOTE).append("\n\n");
    b.append(TableFormat.markdown(table, COLUMNS));
    if (!actions.isEmpty()) {
      b.append("\nManager actions (time since migrate, action, why):\n\n");
      actions.forEach(a -> b.append("- ").append(a).append('\n'));
    }
    return b.toString();
  }

  /** The section in HTML, or "" when empty. */
  String html() {
    if (isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("<h2>Post-copy and management layers</h2>\n<p>")
        .append(TableFormat.escape(NOTE)).append("</p>\n").append(TableFormat.html(table, COLUMNS));
    if (!actions.isEmpty()) {
      b.append("<p class=note>Manager actions (time since migrate, action, why):</p>\n<ul class=actions>");
      actions.forEach(a -> b.append("<li>").append(TableFormat.escape(a)).append("</li>"));
      b.append("</ul>\n");
    }
    return b.toString();
  }

  /** {@code page} with the section before its footer. */
  String intoHtml(String page) {
    int at = page.lastIndexOf("<footer>");
    return isEmpty() || at < 0 ? page : page.substring(0, at) + html() + page.substring(at);
  }
}
