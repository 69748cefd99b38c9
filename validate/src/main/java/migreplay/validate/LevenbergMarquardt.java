package migreplay.validate;

import java.io.IOException;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;

/**
 * Levenberg–Marquardt on the cost grid, in log space (θ_j = log2(cost_j / default_j)): the Jacobian of the
 * {@link Objective}'s residuals by finite differences of 1/8 of a doubling (9 %), a damped Gauss–Newton step
 * (the normal equations JᵀJ + λ diag(JᵀJ), solved by commons-math) snapped to the grid, accepted only when the
 * whole loss (wrong verdicts included) falls. Host costs enter a migration's time nearly linearly, so it takes a
 * few iterations; costs whose effects cannot be told apart by the records (e.g. setup and stop times, which both
 * add a constant) share the correction the damping gives them.
 */
final class LevenbergMarquardt {
  /** Finite-difference step of the Jacobian, in grid steps (1/8 of a doubling). */
  private static final int H = 8;

  private final CostGrid grid;

  LevenbergMarquardt(CostGrid grid) {
    this.grid = grid;
  }

  /**
   * At most {@code iterations} iterations from {@code from}: the point of the last accepted step, or {@code from}.
   *
   * @param stage told of each iteration and, after a quiet spell, of each slope measured; or null
   */
  int[] minimise(Objective f, int[] from, int iterations, CalibrationProgress.Stage stage) throws IOException {
    int n = grid.size();
    int[] point = from.clone();
    double current = f.loss(point);
    double lambda = 1e-3;
    for (int iter = 0; iter < iterations && current > 0; iter++) {
      double[] r = f.residuals(point);
      double[][] jac = new double[n][];
      for (int j = 0; j < n; j++) {
        int[] q = point.clone();
        q[j] = grid.clamp(j, point[j] + H);
        if (q[j] == point[j]) {
          q[j] = grid.clamp(j, point[j] - H);
        }
        double[] rq = f.residuals(q);
        if (stage != null) {
          stage.slope(iter + 1, j + 1, n);
        }
        double dTheta = (q[j] - point[j]) / (double) CostGrid.STEPS_PER_DOUBLING;
        jac[j] = new double[r.length];
        for (int i = 0; i < r.length; i++) {
          jac[j][i] = dTheta == 0 ? 0 : (rq[i] - r[i]) / dTheta;
        }
      }
      double[][] a = new double[n][n];
      double[] g = new double[n];
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) {
          a[j][k] = dot(jac[j], jac[k]);
        }
        g[j] = -dot(jac[j], r);
      }
      boolean accepted = false;
      while (!accepted && lambda < 1e8) {
        double[][] damped = new double[n][];
        for (int j = 0; j < n; j++) {
          damped[j] = a[j].clone();
          damped[j][j] += lambda * (a[j][j] + 1e-9);
        }
        double[] step = solve(damped, g);
        int[] cand = point.clone();
        for (int j = 0; j < n; j++) {
          cand[j] = grid.clamp(j, point[j] + (int) Math.round(step[j] * CostGrid.STEPS_PER_DOUBLING));
        }
        if (Arrays.equals(cand, point)) {
          break;
        }
        double l = f.loss(cand);
        if (l < current) {
          point = cand;
          current = l;
          lambda = Math.max(lambda / 4, 1e-7);
          accepted = true;
        } else {
          lambda *= 4;
        }
      }
      if (stage != null) {
        stage.iteration(iter + 1, current);
      }
      if (!accepted) {
        break;
      }
    }
    return point;
  }

  /**
   * Solves the damped normal equations a x = b by LU decomposition with partial pivoting (commons-math). Its
   * singularity threshold is 0: the damping keeps a positive definite, and the default threshold (1e-11) would
   * call it singular whenever a cost has no effect on any record (its column of the Jacobian is 0, so its pivot
   * is only λ × 1e-9).
   */
  private static double[] solve(double[][] a, double[] b) {
    return new LUDecomposition(new Array2DRowRealMatrix(a, false), 0).getSolver()
        .solve(new ArrayRealVector(b, false)).toArray();
  }

  private static double dot(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }
}
