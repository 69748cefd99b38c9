package migreplay.validate;

import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What a fit minimises over the cases it is on: at a point of the cost grid, the sum of their
 * {@link FitLoss#loss losses}, and their {@link FitLoss#residuals residuals} for the Jacobian. A case whose
 * convergence verdict the model gets wrong at the default costs is left out ({@link #on}): it says nothing a fit
 * of host costs could use (its log, its workload or its host did something else), and would only pull the costs
 * out of their place. Predictions are made in parallel and summed in case order, so the result does not depend on
 * the thread count.
 */
final class Objective {
  private final PredictionCache predictions;
  private final int[] subset;
  private final int[] leftOut;
  private final double[] shares;
  private final double scale;

  private Objective(PredictionCache predictions, int[] subset, int[] leftOut, double[] shares, double scale) {
    this.predictions = predictions;
    this.subset = subset.clone();
    this.leftOut = leftOut.clone();
    this.shares = shares.clone();
    this.scale = scale;
  }

  /**
   * The objective on the cases of {@code candidates} whose verdict is right at {@code defaults}.
   *
   * @param candidates the cases to fit on, in case order
   * @param shares every case's {@link Predictor#LOG_SHARE}, by case index ({@link LogShares#EXACT} for an exact log)
   */
  static Objective on(PredictionCache predictions, int[] candidates, double[] shares, int[] defaults)
      throws IOException {
    List<Prediction> ps = predictions.predictions(candidates, defaults, shares);
    int[] right = IntStream.range(0, candidates.length)
        .filter(k -> ps.get(k).totals().converged() == predictions.cases().get(candidates[k]).record().real().converged())
        .map(k -> candidates[k]).toArray();
    int[] wrong = IntStream.of(candidates).filter(i -> IntStream.of(right).noneMatch(j -> j == i)).toArray();
    return new Objective(predictions, right, wrong, shares, FitLoss.SCALE);
  }

  /** The same cases with the robust loss at another scale ({@link FitLoss#residuals}). */
  Objective atScale(double scale) {
    return new Objective(predictions, subset, leftOut, shares, scale);
  }

  /** The cases left out for a wrong verdict at the defaults, in case order. */
  int[] leftOut() {
    return leftOut.clone();
  }

  /** Sum of the cases' losses at a point. */
  double loss(int[] point) throws IOException {
    List<Prediction> ps = predictions.predictions(subset, point, shares);
    double sum = 0;
    for (int k = 0; k < subset.length; k++) {
      sum += FitLoss.loss(real(k), ps.get(k).totals(), scale);
    }
    return sum;
  }

  /** The residuals of every case at a point, {@link FitLoss#RESIDUALS} per case, in case order. */
  double[] residuals(int[] point) throws IOException {
    List<Prediction> ps = predictions.predictions(subset, point, shares);
    double[] r = new double[FitLoss.RESIDUALS * subset.length];
    for (int k = 0; k < subset.length; k++) {
      System.arraycopy(FitLoss.residuals(real(k), ps.get(k).totals(), scale), 0, r, FitLoss.RESIDUALS * k,
          FitLoss.RESIDUALS);
    }
    return r;
  }

  private Totals real(int k) {
    return predictions.cases().get(subset[k]).record().real();
  }
}
