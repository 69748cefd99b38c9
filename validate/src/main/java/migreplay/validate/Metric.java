package migreplay.validate;

import java.util.function.ToDoubleFunction;

/** The quantities validation compares, each as {@code <name>_real}, {@code <name>_model}, {@code <name>_error}. */
public enum Metric {
  TOTAL_TIME_S("total_time_s", Totals::totalTimeS),
  TRANSFERRED_BYTES("transferred_bytes", Totals::transferredBytes),
  NORMAL_PAGES("normal_pages", Totals::normalPages),
  ZERO_PAGES("zero_pages", Totals::zeroPages),
  DIRTY_SYNC_COUNT("dirty_sync_count", Totals::dirtySyncCount),
  DOWNTIME_BYTES("downtime_bytes", Totals::downtimeBytes),
  REMAINING_BYTES("remaining_bytes", Totals::remainingBytes),
  DOWNTIME_S("downtime_s", Totals::downtimeS),
  POSTCOPY_BYTES("postcopy_bytes", Totals::postcopyBytes),
  POSTCOPY_REQUESTS("postcopy_requests", Totals::postcopyRequests),
  FAULT_WAIT_S("fault_wait_s", Totals::faultWaitS);

  private final String column;
  private final ToDoubleFunction<Totals> value;

  Metric(String column, ToDoubleFunction<Totals> value) {
    this.column = column;
    this.value = value;
  }

  public String column() {
    return column;
  }

  public double of(Totals t) {
    return value.applyAsDouble(t);
  }

  /** Whether the quantity is a count (an integer column) rather than seconds. */
  public boolean integral() {
    return this != TOTAL_TIME_S && this != DOWNTIME_S && this != FAULT_WAIT_S;
  }

  /**
   * The relative, signed error (model − real) / real; 0 when both are 0, NaN (no error defined) when only the
   * real value is 0 or the record does not have it.
   */
  public double error(Totals real, Totals model) {
    return relativeError(of(real), of(model));
  }

  static double relativeError(double real, double model) {
    if (Double.isNaN(real)) {
      return Double.NaN;
    }
    if (real == 0) {
      return model == 0 ? 0 : Double.NaN;
    }
    return (model - real) / real;
  }
}
