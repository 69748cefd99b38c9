package migreplay.validate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>Records whose dirty log misses rewrites ({@link MigrationRecord.Request#lossyDirtyLog()}: QEMU 7.2 under
 * TCG) also need the share of written pages their syncs find ({@link Predictor#LOG_SHARE}). That share belongs to the
 * workload (its TLB use), not to the host, and it is measured, not fitted to the totals being validated: per
 * trace, the pages QEMU's syncs found over the pages a perfect log would have made them find
 * ({@link LogGap}, summed over the trace's records, at most 1). A held-out record's share comes from the other
 * records of its trace (the model's default share when none of them has sync counts), so no record's share
 * has seen that record.
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
   * @param folds fold i: the fit on every record but record i (the defaults when there is one record), with
   *     {@link Predictor#LOG_SHARE} among its costs when record i's dirty log is lossy
   * @param shares for each trace with records whose log is lossy (by {@link #traceLabel(Path)}), the share
   *     fitted on all its records
   * @param foldTraces fold i's trace label when record i's log is lossy, else empty
   * @param foldSources where fold i's share came from when record i's log is lossy, else null
   */
  public record Result(Fit all, List<Fit> folds, Map<String, Double> shares, List<String> foldTraces,
      List<ShareSource> foldSources) {
    public Result {
      shares = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(shares));
      foldTraces = List.copyOf(foldTraces);
      foldSources = java.util.Collections.unmodifiableList(new ArrayList<>(foldSources));
    }

    /** Without lossy logs. */
    public Result(Fit all, List<Fit> folds) {
      this(all, folds, Map.of(), java.util.Collections.nCopies(folds.size(), ""),
          java.util.Collections.nCopies(folds.size(), null));
    }
  }

  /** Where a held-out record's share of written pages found comes from. */
  public enum ShareSource {
    /** The sync counts of the other records of its trace: out of sample. */
    OTHER_RECORDS("from the trace's other records"),
    /** Its own sync counts, when no other record of its trace has them: the log's share is then in sample. */
    OWN_SYNCS("from its own syncs"),
    /** {@link Predictor#defaultLogShare()}, when no record of its trace has sync counts. */
    DEFAULT("the default");

    private final String words;

    ShareSource(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  private record Key(int caseIndex, List<Integer> point, double share) {}

  private final Predictor predictor;
  private final List<HostCost> costs;
  private final List<Case> cases;
  private final ExecutorService pool;
  private final Map<Key, Prediction> cache = new ConcurrentHashMap<>();
  private final LogShares logShares;

  public Calibration(Predictor predictor, List<Case> cases, ExecutorService pool) {
    this.predictor = predictor;
    this.costs = List.copyOf(predictor.hostCosts());
    this.cases = List.copyOf(cases);
    this.pool = pool;
    this.logShares = new LogShares(this.cases, predictor.defaultLogShare(), pool);
  }

  /**
   * No host costs fitted, only the shares of records with a lossy log: every fold has the default costs and
   * the held-out record's share from the other records of its trace.
   */
  public Result sharesOnly() throws IOException {
    int[] all = IntStream.range(0, cases.size()).toArray();
    return withFolds(all, new int[costs.size()], logShares.shares(-1), false);
  }

  /** The fit on all records, then one fit per held-out record. */
  public Result leaveOneOut() throws IOException {
    int[] all = IntStream.range(0, cases.size()).toArray();
    double[] shares = logShares.shares(-1);
    int[] best = search(all, new int[costs.size()], shares, MAX_ITERATIONS, true);
    return withFolds(all, best, shares, true);
  }

  /**
   * The fit at {@code best} with {@code shares} on every record, and the folds: each with the held-out record's
   * trace's share measured without it, and (with {@code search}) the costs moved from {@code best} by one
   * iteration.
   */
  private Result withFolds(int[] all, int[] best, double[] shares, boolean search) throws IOException {
    Fit allFit = fit(all, best, shares, -1);
    Map<String, Double> traceShares = new LinkedHashMap<>();
    List<String> foldTraces = new ArrayList<>();
    List<ShareSource> foldSources = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      boolean lossy = cases.get(i).record().request().lossyDirtyLog();
      foldTraces.add(lossy ? traceLabel(cases.get(i).trace()) : "");
      foldSources.add(lossy ? logShares.share(i, i).source() : null);
      if (lossy) {
        traceShares.putIfAbsent(traceLabel(cases.get(i).trace()), shares[i]);
      }
    }
    List<Fit> folds = new ArrayList<>();
    for (int held = 0; held < cases.size(); held++) {
      final int h = held;
      double[] foldShares = logShares.shares(h);
      if (cases.size() == 1) {
        folds.add(fit(all, new int[costs.size()], foldShares, h)); // nothing else to fit on: the defaults
        break;
      }
      int[] others = IntStream.range(0, cases.size()).filter(i -> i != h).toArray();
      int[] point = search ? search(others, best, foldShares, FOLD_ITERATIONS, false) : best;
      folds.add(fit(others, point, foldShares, h));
    }
    return new Result(allFit, folds, traceShares, foldTraces, foldSources);
  }

  /**
   * The prediction of case {@code i} under the given costs and, for a record with a lossy log, the given
   * {@link Predictor#LOG_SHARE} (from the cache when that point was visited).
   */
  public Prediction predict(int i, Map<String, Double> fitted) throws IOException {
    int[] point = new int[costs.size()];
    for (int j = 0; j < point.length; j++) {
      point[j] = gridIndex(costs.get(j), fitted.get(costs.get(j).name()));
    }
    Double share = fitted.get(Predictor.LOG_SHARE);
    boolean lossy = share != null && cases.get(i).record().request().lossyDirtyLog();
    return prediction(i, point, lossy ? share : LogShares.EXACT);
  }

  /** A trace's name in outputs: its file name without {@code .trace.arrow}. */
  public static String traceLabel(Path trace) {
    String n = trace.getFileName().toString();
    return n.endsWith(".trace.arrow") ? n.substring(0, n.length() - ".trace.arrow".length()) : n;
  }

  /** The costs of a point (and, when {@code held} is a case with a lossy log, its share) with the loss there. */
  private Fit fit(int[] subset, int[] point, double[] shares, int held) throws IOException {
    Map<String, Double> values = values(point);
    if (held >= 0 && shares[held] != LogShares.EXACT) {
      values.put(Predictor.LOG_SHARE, shares[held]);
    }
    return new Fit(values, loss(subset, point, shares));
  }

  /**
   * Levenberg–Marquardt from {@code from}; with {@code polish}, where it stalls (the model's response to a
   * cost is flat in places and steps in others: CPU time hidden in a rate window's sleep, a sync that does or
   * does not happen), a move of ×1.19 or ×1.09 along one cost that lowers the loss restarts it. Returns the
   * grid point of the lowest loss found.
   */
  private int[] search(int[] subset, int[] from, double[] shares, int iterations, boolean polish)
      throws IOException {
    int[] point = from.clone();
    for (int round = 0; round <= MAX_POLISH; round++) {
      point = levenbergMarquardt(subset, point, shares, iterations);
      int[] moved = polish ? coordinateMove(subset, point, shares) : null;
      if (moved == null) {
        break;
      }
      point = moved;
    }
    return point;
  }

  /** The first move along one cost, by 16 or 8 grid steps either way, that lowers the loss; or null. */
  private int[] coordinateMove(int[] subset, int[] point, double[] shares) throws IOException {
    double current = loss(subset, point, shares);
    for (int step : new int[] {16, 8}) {
      for (int j = 0; j < point.length; j++) {
        for (int d : new int[] {step, -step}) {
          int[] cand = point.clone();
          cand[j] = clamp(costs.get(j), point[j] + d);
          if (cand[j] != point[j] && loss(subset, cand, shares) < current) {
            return cand;
          }
        }
      }
    }
    return null;
  }

  private int[] levenbergMarquardt(int[] subset, int[] from, double[] shares, int iterations)
      throws IOException {
    int n = costs.size();
    int[] point = from.clone();
    double current = loss(subset, point, shares);
    double lambda = 1e-3;
    for (int iter = 0; iter < iterations && current > 0; iter++) {
      double[] r = residuals(subset, point, shares);
      double[][] jac = new double[n][];
      for (int j = 0; j < n; j++) {
        int[] q = point.clone();
        q[j] = clamp(costs.get(j), point[j] + H);
        if (q[j] == point[j]) {
          q[j] = clamp(costs.get(j), point[j] - H);
        }
        double[] rq = residuals(subset, q, shares);
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
        double l = loss(subset, cand, shares);
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
  private double[] residuals(int[] subset, int[] point, double[] shares) throws IOException {
    List<Prediction> ps = predictions(subset, point, shares);
    double[] r = new double[FitLoss.RESIDUALS * subset.length];
    for (int k = 0; k < subset.length; k++) {
      System.arraycopy(FitLoss.residuals(cases.get(subset[k]).record().real(), ps.get(k).totals()), 0, r,
          FitLoss.RESIDUALS * k, FitLoss.RESIDUALS);
    }
    return r;
  }

  private List<Prediction> predictions(int[] subset, int[] point, double[] shares) throws IOException {
    List<Future<Prediction>> futures = new ArrayList<>();
    for (int i : subset) {
      futures.add(pool.submit(() -> prediction(i, point, shares[i])));
    }
    List<Prediction> out = new ArrayList<>();
    for (Future<Prediction> f : futures) {
      out.add(migreplay.replay.Sweep.await(f));
    }
    return out;
  }

  /** Sum of the cases' losses at a point, predicted in parallel, summed in case order. */
  private double loss(int[] subset, int[] point, double[] shares) throws IOException {
    List<Prediction> ps = predictions(subset, point, shares);
    double sum = 0;
    for (int k = 0; k < subset.length; k++) {
      sum += FitLoss.loss(cases.get(subset[k]).record().real(), ps.get(k).totals());
    }
    return sum;
  }

  private Prediction prediction(int i, int[] point, double share) throws IOException {
    Key key = new Key(i, Arrays.stream(point).boxed().toList(), share);
    Prediction p = cache.get(key);
    if (p == null) {
      Case c = cases.get(i);
      Map<String, Double> values = values(point);
      if (share != LogShares.EXACT) {
        values.put(Predictor.LOG_SHARE, share);
      }
      p = predictor.predict(c.record(), c.trace(), values);
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

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
