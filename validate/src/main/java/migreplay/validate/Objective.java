package migreplay.validate;

import java.io.IOException;
import java.util.List;

/**
 * What a fit minimises over the cases it is on: at a point of the cost grid, the sum of their
 * {@link FitLoss#loss losses}, and their {@link FitLoss#residuals residuals} for the Jacobian. Predictions are
 * made in parallel and summed in case order, so the result does not depend on the thread count.
 */
final class Objective {
  private final PredictionCache predictions;
  private final int[] subset;
  private final double[] shares;

  /**
   * @param subset the cases fitted on, in case order
   * @param shares every case's {@link Predictor#LOG_SHARE}, by case index ({@link LogShares#EXACT} for an exact log)
   */
  Objective(PredictionCache predictions, int[] subset, double[] shares) {
    this.predictions = predictions;
    this.subset = subset.clone();
    this.shares = shares.clone();
  }

  /** Sum of the cases' losses at a point. */
  double loss(int[] point) throws IOException {
    List<Prediction> ps = predictions.predictions(subset, point, shares);
    double sum = 0;
    for (int k = 0; k < subset.length; k++) {
      sum += FitLoss.loss(real(k), ps.get(k).totals());
    }
    return sum;
  }

  /** The residuals of every case at a point, {@link FitLoss#RESIDUALS} per case, in case order. */
  double[] residuals(int[] point) throws IOException {
    List<Prediction> ps = predictions.predictions(subset, point, shares);
    double[] r = new double[FitLoss.RESIDUALS * subset.length];
    for (int k = 0; k < subset.length; k++) {
      System.arraycopy(FitLoss.residuals(real(k), ps.get(k).totals()), 0, r, FitLoss.RESIDUALS * k,
          FitLoss.RESIDUALS);
    }
    return r;
  }

  private Totals real(int k) {
    return predictions.cases().get(subset[k]).record().real();
  }
}
