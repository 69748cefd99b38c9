package migreplay.validate;

import java.util.function.ToDoubleFunction;

/** The quantities validation compares, each as {@code <name>_real}, {@code <name>_model}, {@code <name>_error}. */
public enum Metric {
  TOTAL_TIME_S("total_time_s", Totals::totalTimeS, false),
  TRANSFERRED_BYTES("transferred_bytes", Totals::transferredBytes, true),
  NORMAL_PAGES("normal_pages", Totals::normalPages, true),
  ZERO_PAGES("zero_pages", Totals::zeroPages, true),
  DIRTY_SYNC_COUNT("dirty_sync_count", Totals::dirtySyncCount, true),
  DOWNTIME_BYTES("downtime_bytes", Totals::downtimeBytes, true),
  REMAINING_BYTES("remaining_bytes", Totals::remainingBytes, true),
  DOWNTIME_S("downtime_s", Totals::downtimeS, false),
  /** {@link Totals#precopyThroughput()}: bytes per second while iterating. */
  PRECOPY_THROUGHPUT("precopy_bytes_per_s", Totals::precopyThroughput, false),
  POSTCOPY_BYTES("postcopy_bytes", Totals::postcopyBytes, true),
  POSTCOPY_REQUESTS("postcopy_requests", Totals::postcopyRequests, true),
  FAULT_WAIT_S("fault_wait_s", Totals::faultWaitS, false);

  private final String column;
  private final ToDoubleFunction<Totals> value;
  private final boolean integral;

  Metric(String column, ToDoubleFunction<Totals> value, boolean integral) {
    this.column = column;
    this.value = value;
    this.integral = integral;
  }

  public String column() {
    return column;
  }

  public double of(Totals t) {
    return value.applyAsDouble(t);
  }

  /** Whether the quantity is a count (an integer column) rather than seconds or a rate. */
  public boolean integral() {
    return integral;
  }

  /**
   * The relative, signed error (model − real) / real; 0 when both are 0, NaN (no error defined) when only the
   * real value is 0 or the record does not have it. Downtime has an error only when both migrations completed: one
   * that did not finish never has a downtime.
   */
  public double error(Totals real, Totals model) {
    if (this == DOWNTIME_S && !(real.converged() && model.converged())) {
      return Double.NaN;
    }
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
