package migreplay.validate;

import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The rows of {@code validation.csv} / {@code validation.arrow}: per record, {@code record}, {@code trace},
 * {@code converged_real}, {@code converged_model}, then for each {@link Metric} its {@code _real},
 * {@code _model} and {@code _error} ((model − real) / real; empty where the real value is 0 and the model's
 * is not, or the record does not have it); last, {@code dirty_log} ({@code exact}, or {@code tcg-7.2} for a record
 * of QEMU 7.2 under TCG predicted with a fitted share) and {@code tcg_log_share} (empty with the exact log),
 * {@code hot_policy} and {@code hot_pending} (what the record asked of the patched QEMU; {@code none} and
 * {@code excluded} for stock QEMU).
 */
final class ValidationTable {
  private ValidationTable() {}

  static Table of(List<Validation.Row> rows) {
    Table t = Table.create("validation", StringColumn.create("record"), StringColumn.create("trace"),
        BooleanColumn.create("converged_real"), BooleanColumn.create("converged_model"));
    for (Metric m : Metric.values()) {
      if (m.integral()) {
        t.addColumns(LongColumn.create(m.column() + "_real"), LongColumn.create(m.column() + "_model"));
      } else {
        t.addColumns(DoubleColumn.create(m.column() + "_real"), DoubleColumn.create(m.column() + "_model"));
      }
      t.addColumns(DoubleColumn.create(m.column() + "_error"));
    }
    t.addColumns(StringColumn.create("dirty_log"), DoubleColumn.create(Predictor.LOG_SHARE),
        StringColumn.create("hot_policy"), StringColumn.create("hot_pending"));
    for (Validation.Row r : rows) {
      t.stringColumn("record").append(r.record().name());
      t.stringColumn("trace").append(r.record().guest().trace());
      t.booleanColumn("converged_real").append(r.real().converged());
      t.booleanColumn("converged_model").append(r.model().totals().converged());
      for (Metric m : Metric.values()) {
        double real = m.of(r.real());
        double model = m.of(r.model().totals());
        if (m.integral()) {
          t.longColumn(m.column() + "_real").append((long) real);
          t.longColumn(m.column() + "_model").append((long) model);
        } else {
          append(t.doubleColumn(m.column() + "_real"), real);
          append(t.doubleColumn(m.column() + "_model"), model);
        }
        append(t.doubleColumn(m.column() + "_error"), r.error(m));
      }
      Double share = r.record().request().lossyDirtyLog() ? r.costs().get(Predictor.LOG_SHARE) : null;
      t.stringColumn("dirty_log").append(share == null ? "exact" : "tcg-7.2");
      append(t.doubleColumn(Predictor.LOG_SHARE), share == null ? Double.NaN : share);
      t.stringColumn("hot_policy").append(r.record().request().holdBack().hotPolicy());
      t.stringColumn("hot_pending").append(r.record().request().holdBack().hotPending());
    }
    return t;
  }

  /** NaN (not known, or no relative error) is a missing value. */
  private static void append(DoubleColumn c, double v) {
    if (Double.isNaN(v)) {
      c.appendMissing();
    } else {
      c.append(v);
    }
  }
}
