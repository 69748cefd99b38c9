package migreplay.validate;

/**
 * What calibration minimises for one record, its prediction against the real migration: the
 * {@link #residuals(Totals, Totals) residuals} (relative errors of total time and of transferred bytes, the
 * downtime's error weighing half) and the {@link #loss(Totals, Totals) loss}, their squares plus 1 for a wrong
 * convergence verdict. {@link Objective} sums them over the records a fit is on.
 */
final class FitLoss {
  /** How many residuals one record has. */
  static final int RESIDUALS = 3;
  /** Downtimes are compared relative to at least this (QEMU reports whole ms; shorter ones are mostly rounding). */
  static final double DOWNTIME_FLOOR_S = 0.010;

  private FitLoss() {}

  /**
   * One record's loss: the squares of its {@link #residuals(Totals, Totals) residuals}, plus 1 for a wrong
   * verdict.
   */
  static double loss(Totals real, Totals model) {
    double sum = real.converged() == model.converged() ? 0 : 1;
    for (double r : residuals(real, model)) {
      sum += r * r;
    }
    return sum;
  }

  /**
   * The errors the fit minimises: the relative errors of total time and of transferred (1 where undefined),
   * and the downtime's error relative to the larger of the real downtime and 10 ms, weighted by √½ (0 where
   * either side did not complete or the record does not say). Downtime is what tells the stop time from the
   * setup time.
   */
  static double[] residuals(Totals real, Totals model) {
    double t = Metric.TOTAL_TIME_S.error(real, model);
    double x = Metric.TRANSFERRED_BYTES.error(real, model);
    double d = real.converged() && model.converged() && !Double.isNaN(real.downtimeS())
        ? (model.downtimeS() - real.downtimeS()) / Math.max(real.downtimeS(), DOWNTIME_FLOOR_S) : 0;
    return new double[] {Double.isNaN(t) ? 1 : t, Double.isNaN(x) ? 1 : x, d * Math.sqrt(0.5)};
  }
}
