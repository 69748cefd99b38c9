package migreplay.validate;

import java.io.IOException;
import java.util.Arrays;

/**
 * Levenberg–Marquardt on the cost grid, in log space (θ_j = log2(cost_j / default_j)): the Jacobian of the
 * {@link Objective}'s residuals by finite differences of 1/8 of a doubling (9 %), a damped Gauss–Newton step
 * snapped to the grid, accepted only when the whole loss (wrong verdicts included) falls. Host costs enter a
 * migration's time nearly linearly, so it takes a few iterations; costs whose effects cannot be told apart by
 * the records (e.g. setup and stop times, which both add a constant) share the correction the damping gives them.
 */
final class LevenbergMarquardt {
  /** Finite-difference step of the Jacobian, in grid steps (1/8 of a doubling). */
  private static final int H = 8;

  private final CostGrid grid;

  LevenbergMarquardt(CostGrid grid) {
    this.grid = grid;
  }

  /** At most {@code iterations} iterations from {@code from}: the point of the last accepted step, or {@code from}. */
  int[] minimise(Objective f, int[] from, int iterations) throws IOException {
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
        double[] step = solve(damped, g.clone());
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
      if (!accepted) {
        break;
      }
    }
    return point;
  }

  /**
   * Solves a x = b by Gaussian elimination with partial pivoting (a is small and symmetric positive; a zero pivot
   * gives 0 for its unknown). Overwrites a and b.
   */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
          pivot = r;
        }
      }
      double[] tr = a[c];
      a[c] = a[pivot];
      a[pivot] = tr;
      double tb = b[c];
      b[c] = b[pivot];
      b[pivot] = tb;
      if (a[c][c] == 0) {
        continue;
      }
      for (int r = c + 1; r < n; r++) {
        double f = a[r][c] / a[c][c];
        for (int k = c; k < n; k++) {
          a[r][k] -= f * a[c][k];
        }
        b[r] -= f * b[c];
      }
    }
    double[] x = new double[n];
    for (int c = n - 1; c >= 0; c--) {
      double s = b[c];
      for (int k = c + 1; k < n; k++) {
        s -= a[c][k] * x[k];
      }
      x[c] = a[c][c] == 0 ? 0 : s / a[c][c];
    }
    return x;
  }

  private static double dot(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }
}
