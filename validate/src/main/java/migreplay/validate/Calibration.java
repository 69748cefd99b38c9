package migreplay.validate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Fits the model's host costs to real migrations, leave-one-out: each record is predicted with costs fitted
 * on the others, so no record's prediction has seen that record.
 *
 * <p>The fit is least squares: it minimises, over the records it is given, the sum of squared relative errors
 * of total time, of transferred bytes and (weighing half) of downtime (relative to at least 10 ms), plus 1
 * for every wrong convergence verdict. Costs are searched in
 * log space (θ_j = log2(cost_j / default_j), within each cost's range) by Levenberg–Marquardt: the Jacobian of
 * the errors by finite differences of 1/8 of a doubling (9 %), a damped Gauss–Newton step, accepted only when
 * the whole loss (verdicts included) falls; where that stalls, a move along one cost by ×1.19 or ×1.09
 * that lowers the loss restarts it. Host costs enter a migration's time nearly linearly, so it takes a
 * few iterations; costs whose effects cannot be told apart by the records (e.g. setup and stop times, which
 * both add a constant) share the correction the damping gives them. Every point is snapped to a grid of 1/64
 * of a doubling (1.1 %) and every prediction cached by (record, grid point): the folds start from the fit on
 * every record, where its last Jacobian is already cached, and take one Levenberg–Marquardt iteration from
 * there (dropping one record moves the optimum little; a full refit per fold would cost N times more
 * replays). The result is deterministic: losses and Jacobians are
 * summed in record order, and nothing depends on the thread count.
 */
public final class Calibration {
  static final int STEPS_PER_DOUBLING = 64;
  /** Finite-difference step of the Jacobian, in grid steps (1/8 of a doubling). */
  private static final int H = 8;
  /** Levenberg–Marquardt iterations between two polishing moves, and polishing moves, at most. */
  private static final int MAX_ITERATIONS = 10;
  private static final int MAX_POLISH = 4;
  /** A fold starts at the fit on every record and moves at most this many Levenberg–Marquardt iterations. */
  private static final int FOLD_ITERATIONS = 1;

  /** A record and its trace. */
  public record Case(MigrationRecord record, Path trace) {}

  /**
   * Fitted costs.
   *
   * @param costs each host cost's fitted value by name, in {@link Predictor#hostCosts()} order
   * @param loss the loss there over the records fitted on
   */
  public record Fit(Map<String, Double> costs, double loss) {}

  /**
   * @param all the fit on every record
   * @param folds fold i: the fit on every record but record i (the defaults when there is one record)
   */
  public record Result(Fit all, List<Fit> folds) {}

  private record Key(int caseIndex, List<Integer> point) {}

  private final Predictor predictor;
  private final List<HostCost> costs;
  private final List<Case> cases;
  private final ExecutorService pool;
  private final Map<Key, Prediction> cache = new ConcurrentHashMap<>();

  public Calibration(Predictor predictor, List<Case> cases, ExecutorService pool) {
    this.predictor = predictor;
    this.costs = List.copyOf(predictor.hostCosts());
    this.cases = List.copyOf(cases);
    this.pool = pool;
  }

  /** The fit on all records, then one fit per held-out record. */
  public Result leaveOneOut() throws IOException {
    int[] all = IntStream.range(0, cases.size()).toArray();
    int[] start = new int[costs.size()];
    int[] best = search(all, start, MAX_ITERATIONS, true);
    Fit allFit = fit(all, best);
    List<Fit> folds = new ArrayList<>();
    for (int held = 0; held < cases.size(); held++) {
      if (cases.size() == 1) {
        folds.add(fit(all, start)); // nothing else to fit on: the defaults
        break;
      }
      final int h = held;
      int[] others = IntStream.range(0, cases.size()).filter(i -> i != h).toArray();
      folds.add(fit(others, search(others, best, FOLD_ITERATIONS, false)));
    }
    return new Result(allFit, folds);
  }

  /** The prediction of case {@code i} under the given costs (from the cache when that point was visited). */
  public Prediction predict(int i, Map<String, Double> fitted) throws IOException {
    int[] point = new int[costs.size()];
    for (int j = 0; j < point.length; j++) {
      point[j] = gridIndex(costs.get(j), fitted.get(costs.get(j).name()));
    }
    return prediction(i, point);
  }

  private Fit fit(int[] subset, int[] point) throws IOException {
    return new Fit(values(point), loss(subset, point));
  }

  /**
   * Levenberg–Marquardt from {@code from}; with {@code polish}, where it stalls (the model's response to a
   * cost is flat in places and steps in others: CPU time hidden in a rate window's sleep, a sync that does or
   * does not happen), a move of ×1.19 or ×1.09 along one cost that lowers the loss restarts it. Returns the
   * grid point of the lowest loss found.
   */
  private int[] search(int[] subset, int[] from, int iterations, boolean polish) throws IOException {
    int[] point = from.clone();
    for (int round = 0; round <= MAX_POLISH; round++) {
      point = levenbergMarquardt(subset, point, iterations);
      int[] moved = polish ? coordinateMove(subset, point) : null;
      if (moved == null) {
        break;
      }
      point = moved;
    }
    return point;
  }

  /** The first move along one cost, by 16 or 8 grid steps either way, that lowers the loss; or null. */
  private int[] coordinateMove(int[] subset, int[] point) throws IOException {
    double current = loss(subset, point);
    for (int step : new int[] {16, 8}) {
      for (int j = 0; j < point.length; j++) {
        for (int d : new int[] {step, -step}) {
          int[] cand = point.clone();
          cand[j] = clamp(costs.get(j), point[j] + d);
          if (cand[j] != point[j] && loss(subset, cand) < current) {
            return cand;
          }
        }
      }
    }
    return null;
  }

  private int[] levenbergMarquardt(int[] subset, int[] from, int iterations) throws IOException {
    int n = costs.size();
    int[] point = from.clone();
    double current = loss(subset, point);
    double lambda = 1e-3;
    for (int iter = 0; iter < iterations && current > 0; iter++) {
      double[] r = residuals(subset, point);
      double[][] jac = new double[n][];
      for (int j = 0; j < n; j++) {
        int[] q = point.clone();
        q[j] = clamp(costs.get(j), point[j] + H);
        if (q[j] == point[j]) {
          q[j] = clamp(costs.get(j), point[j] - H);
        }
        double[] rq = residuals(subset, q);
        double dTheta = (q[j] - point[j]) / (double) STEPS_PER_DOUBLING;
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
          cand[j] = clamp(costs.get(j), point[j] + (int) Math.round(step[j] * STEPS_PER_DOUBLING));
        }
        if (Arrays.equals(cand, point)) {
          break;
        }
        double l = loss(subset, cand);
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

  /** Solves a x = b by Gaussian elimination with partial pivoting (a is small and symmetric positive). */
  private static double[] solve(double[][] a, double[] b) {
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

  /** The residuals of every case, in case order. */
  private double[] residuals(int[] subset, int[] point) throws IOException {
    List<Prediction> ps = predictions(subset, point);
    double[] r = new double[3 * subset.length];
    for (int k = 0; k < subset.length; k++) {
      System.arraycopy(residuals(cases.get(subset[k]).record().real(), ps.get(k).totals()), 0, r, 3 * k, 3);
    }
    return r;
  }

  private List<Prediction> predictions(int[] subset, int[] point) throws IOException {
    List<Future<Prediction>> futures = new ArrayList<>();
    for (int i : subset) {
      futures.add(pool.submit(() -> prediction(i, point)));
    }
    List<Prediction> out = new ArrayList<>();
    for (Future<Prediction> f : futures) {
      out.add(migreplay.replay.Sweep.await(f));
    }
    return out;
  }

  /** Sum of the cases' losses at a point, predicted in parallel, summed in case order. */
  private double loss(int[] subset, int[] point) throws IOException {
    List<Prediction> ps = predictions(subset, point);
    double sum = 0;
    for (int k = 0; k < subset.length; k++) {
      sum += loss(cases.get(subset[k]).record().real(), ps.get(k).totals());
    }
    return sum;
  }

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

  /** Downtimes are compared relative to at least this (QEMU reports whole ms; shorter ones are mostly rounding). */
  static final double DOWNTIME_FLOOR_S = 0.010;

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

  private Prediction prediction(int i, int[] point) throws IOException {
    Key key = new Key(i, Arrays.stream(point).boxed().toList());
    Prediction p = cache.get(key);
    if (p == null) {
      Case c = cases.get(i);
      p = predictor.predict(c.record(), c.trace(), values(point));
      cache.putIfAbsent(key, p);
    }
    return p;
  }

  private Map<String, Double> values(int[] point) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int j = 0; j < point.length; j++) {
      out.put(costs.get(j).name(), value(costs.get(j), point[j]));
    }
    return out;
  }

  /** The cost's value at grid index k: default × 2^(k/64), clamped to its range. */
  static double value(HostCost c, int k) {
    return Math.min(c.max(), Math.max(c.min(), c.defaultValue() * Math.pow(2, k / (double) STEPS_PER_DOUBLING)));
  }

  private static int clamp(HostCost c, int k) {
    int lo = (int) Math.ceil(STEPS_PER_DOUBLING * log2(c.min() / c.defaultValue()) - 1e-9);
    int hi = (int) Math.floor(STEPS_PER_DOUBLING * log2(c.max() / c.defaultValue()) + 1e-9);
    return Math.max(lo, Math.min(hi, k));
  }

  private static int gridIndex(HostCost c, Double v) {
    return v == null ? 0 : clamp(c, (int) Math.round(STEPS_PER_DOUBLING * log2(v / c.defaultValue())));
  }

  /**
   * One line for people: the costs fitted on every record, and the range of each over the leave-one-out
   * folds (the costs the predictions ran with).
   */
  public static String describe(List<HostCost> costs, Result r) {
    StringBuilder b = new StringBuilder("fitted on all ").append(r.folds().size()).append(" records: ");
    for (HostCost c : costs) {
      b.append(c.name()).append('=').append(fmt(r.all().costs().get(c.name()))).append(' ').append(c.unit())
          .append(", ");
    }
    b.setLength(b.length() - 2);
    b.append("; leave-one-out folds: ");
    for (HostCost c : costs) {
      DoubleSummaryStatistics s = r.folds().stream().mapToDouble(f -> f.costs().get(c.name())).summaryStatistics();
      b.append(c.name()).append(' ').append(fmt(s.getMin()));
      if (s.getMax() > s.getMin()) {
        b.append("..").append(fmt(s.getMax()));
      }
      b.append(", ");
    }
    b.setLength(b.length() - 2);
    return b.toString();
  }

  static String fmt(double v) {
    return String.format(Locale.US, "%.4g", v);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
