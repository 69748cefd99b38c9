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
 * is not, or the record does not have it); then {@code max_bandwidth_bytes_per_s} (the cap the pre-copy
 * throughput compares with); last, {@code dirty_log} ({@code exact}, or {@code tcg-7.2} for a record of QEMU 7.2
 * under TCG predicted with a fitted share) and {@code tcg_log_share} (empty with the exact log),
 * {@code hot_policy} and {@code hot_pending} (what the record asked of the patched QEMU; {@code none} and
 * {@code excluded} for stock QEMU), and {@code stop_time_s} (the fixed part of the downtime the prediction ran
 * with: its build's, measured from the other records, or fitted).
 */
final class ValidationTable {
  private static final String CAP = "max_bandwidth_bytes_per_s";

  private ValidationTable() {}

  /** The fixed part of the downtime the prediction ran with, in seconds ({@link StopTimes}, or fitted). */
  static final String STOP_TIME_S = "stop_time_s";

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
    t.addColumns(LongColumn.create(CAP), StringColumn.create("dirty_log"), DoubleColumn.create(Predictor.LOG_SHARE),
        StringColumn.create("hot_policy"), StringColumn.create("hot_pending"), DoubleColumn.create(STOP_TIME_S));
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
      t.longColumn(CAP).append(r.record().request().maxBandwidthBytesPerS());
      Double share = r.record().request().lossyDirtyLog() ? r.costs().get(Predictor.LOG_SHARE) : null;
      t.stringColumn("dirty_log").append(share == null ? "exact" : "tcg-7.2");
      append(t.doubleColumn(Predictor.LOG_SHARE), share == null ? Double.NaN : share);
      t.stringColumn("hot_policy").append(r.record().request().holdBack().hotPolicy());
      t.stringColumn("hot_pending").append(r.record().request().holdBack().hotPending());
      Double stop = r.costs().get(Predictor.STOP_TIME);
      append(t.doubleColumn(STOP_TIME_S), stop == null ? Double.NaN : stop);
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
