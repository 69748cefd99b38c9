package migreplay.validate;

/**
 * How a prediction is measured against the real migration, for calibration:
 * <ul>
 *   <li>{@link #error(Totals, Totals) error}: how badly one record is predicted: the squares of its plain
 *       {@link #errors(Totals, Totals) errors} (relative errors of total time and of transferred bytes, the
 *       downtime's weighing half), plus 1 for a wrong convergence verdict. A fold whose fitted costs predict its
 *       held-out record with a larger error than the defaults falls back to the defaults.
 *   <li>{@link #residuals(Totals, Totals, double) residuals} and {@link #loss(Totals, Totals, double) loss}: what
 *       a fit minimises, made robust. Each error e becomes c·√ln(1 + (e/c)²) (Cauchy's loss at scale c,
 *       {@value #SCALE} once near the optimum): near the square below 10 %, growing only logarithmically beyond,
 *       so one record predicted 100 % off (a host that stalled, a workload that changed) pulls the fit less than
 *       one 10 % off. Far from the optimum (the defaults can be tens of times off a slow host's costs) every
 *       error is large and that loss is flat, so a fit first comes near at {@value #WIDE_SCALE}. A record whose
 *       verdict is wrong has residuals 0: its time and bytes compare a migration that completed with one that
 *       did not, and must not pull the costs; its verdict still counts 1 in the loss, so that no step of the fit
 *       makes a verdict wrong.
 * </ul>
 * {@link Objective} sums them over the records a fit is on.
 */
final class FitLoss {
  /** How many residuals one record has. */
  static final int RESIDUALS = 3;
  /** Downtimes are compared relative to at least this (QEMU reports whole ms; shorter ones are mostly rounding). */
  static final double DOWNTIME_FLOOR_S = 0.010;
  /** The scale of the robust loss: errors well below it count as their squares, errors above it far less. */
  static final double SCALE = 0.1;
  /** The scale a fit starts with, far from its optimum, where errors are large: about least squares below 100 %. */
  static final double WIDE_SCALE = 1;

  private FitLoss() {}

  /** One record's plain error: the squares of its {@link #errors errors}, plus 1 for a wrong verdict. */
  static double error(Totals real, Totals model) {
    return verdict(real, model) + sumOfSquares(errors(real, model));
  }

  /**
   * One record's robust loss at a scale: the squares of its {@link #residuals residuals}, plus 1 for a wrong
   * verdict.
   */
  static double loss(Totals real, Totals model, double scale) {
    return verdict(real, model) + sumOfSquares(residuals(real, model, scale));
  }

  /**
   * The errors: the relative errors of total time and of transferred (1 where undefined), and the downtime's
   * error relative to the larger of the real downtime and 10 ms, weighted by √½ (0 where either side did not
   * complete or the record does not say).
   */
  static double[] errors(Totals real, Totals model) {
    double t = Metric.TOTAL_TIME_S.error(real, model);
    double x = Metric.TRANSFERRED_BYTES.error(real, model);
    double d = real.converged() && model.converged() && !Double.isNaN(real.downtimeS())
        ? (model.downtimeS() - real.downtimeS()) / Math.max(real.downtimeS(), DOWNTIME_FLOOR_S) : 0;
    return new double[] {Double.isNaN(t) ? 1 : t, Double.isNaN(x) ? 1 : x, d * Math.sqrt(0.5)};
  }

  /**
   * The fit's residuals: each {@link #errors error} through Cauchy's loss at {@code scale}; all 0 for a wrong
   * verdict.
   */
  static double[] residuals(Totals real, Totals model, double scale) {
    double[] r = new double[RESIDUALS];
    if (verdict(real, model) == 0) {
      double[] e = errors(real, model);
      for (int i = 0; i < r.length; i++) {
        r[i] = Math.signum(e[i]) * scale * Math.sqrt(Math.log1p((e[i] / scale) * (e[i] / scale)));
      }
    }
    return r;
  }

  private static double verdict(Totals real, Totals model) {
    return real.converged() == model.converged() ? 0 : 1;
  }

  private static double sumOfSquares(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x * x;
    }
    return sum;
  }
}
