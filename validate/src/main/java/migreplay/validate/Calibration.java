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
 *
 * <p>Records whose dirty log misses rewrites ({@link MigrationRecord#lossyDirtyLog()}: QEMU 7.2 under TCG) also
 * need the share of written pages their syncs find ({@link Predictor#LOG_SHARE}). That share belongs to the
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

  /** No share: the exact log. */
  private static final double EXACT = -1;

  private record Key(int caseIndex, List<Integer> point, double share) {}

  private final Predictor predictor;
  private final List<HostCost> costs;
  private final List<Case> cases;
  private final ExecutorService pool;
  private final Map<Key, Prediction> cache = new ConcurrentHashMap<>();
  private final java.util.function.Consumer<String> progress;
  private final long started = System.nanoTime();
  private long lastReport = System.nanoTime();
  private LogGap.Gap[] gaps;

  public Calibration(Predictor predictor, List<Case> cases, ExecutorService pool) {
    this(predictor, cases, pool, line -> { });
  }

  /**
   * @param progress told, in words, where a {@link #leaveOneOut} is (each iteration of the fit on every record,
   *     each fold) with the replays run so far and the time taken: a fit takes minutes. It does not change the
   *     result.
   */
  public Calibration(Predictor predictor, List<Case> cases, ExecutorService pool,
      java.util.function.Consumer<String> progress) {
    this.predictor = predictor;
    this.costs = List.copyOf(predictor.hostCosts());
    this.cases = List.copyOf(cases);
    this.pool = pool;
    this.progress = progress;
  }

  /** Tells where the fit is: "fit on all 25 records, iteration 3: 412 replays, 1m05s". */
  private void report(String where) {
    lastReport = System.nanoTime();
    long s = (System.nanoTime() - started) / 1_000_000_000L;
    progress.accept(String.format(Locale.US, "%s: %d replays, %dm%02ds", where, cache.size(), s / 60, s % 60));
  }

  /**
   * No host costs fitted, only the shares of records with a lossy log: every fold has the default costs and
   * the held-out record's share from the other records of its trace.
   */
  public Result sharesOnly() throws IOException {
    int[] all = IntStream.range(0, cases.size()).toArray();
    return withFolds(all, new int[costs.size()], shares(-1), false);
  }

  /** The fit on all records, then one fit per held-out record. */
  public Result leaveOneOut() throws IOException {
    int[] all = IntStream.range(0, cases.size()).toArray();
    double[] shares = shares(-1);
    int[] best = search(all, new int[costs.size()], shares, MAX_ITERATIONS, true,
        "fit on all " + cases.size() + " records");
    report("fit on all " + cases.size() + " records done; now " + cases.size() + " folds, each with one record held out");
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
      boolean lossy = cases.get(i).record().lossyDirtyLog();
      foldTraces.add(lossy ? traceLabel(cases.get(i).trace()) : "");
      foldSources.add(lossy ? share(i, i).source() : null);
      if (lossy) {
        traceShares.putIfAbsent(traceLabel(cases.get(i).trace()), shares[i]);
      }
    }
    List<Fit> folds = new ArrayList<>();
    for (int held = 0; held < cases.size(); held++) {
      final int h = held;
      double[] foldShares = shares(h);
      if (cases.size() == 1) {
        folds.add(fit(all, new int[costs.size()], foldShares, h)); // nothing else to fit on: the defaults
        break;
      }
      int[] others = IntStream.range(0, cases.size()).filter(i -> i != h).toArray();
      int[] point = search ? search(others, best, foldShares, FOLD_ITERATIONS, false, null) : best;
      folds.add(fit(others, point, foldShares, h));
      if (search) {
        report("fold " + (h + 1) + " of " + cases.size() + " (" + cases.get(h).record().name() + " held out)");
      }
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
    return prediction(i, point, share != null && cases.get(i).record().lossyDirtyLog() ? share : EXACT);
  }

  /** A trace's name in outputs: its file name without {@code .trace.arrow}. */
  public static String traceLabel(Path trace) {
    String n = trace.getFileName().toString();
    return n.endsWith(".trace.arrow") ? n.substring(0, n.length() - ".trace.arrow".length()) : n;
  }

  /** The costs of a point (and, when {@code held} is a case with a lossy log, its share) with the loss there. */
  private Fit fit(int[] subset, int[] point, double[] shares, int held) throws IOException {
    Map<String, Double> values = values(point);
    if (held >= 0 && shares[held] != EXACT) {
      values.put(Predictor.LOG_SHARE, shares[held]);
    }
    return new Fit(values, loss(subset, point, shares));
  }

  /**
   * Each case's share: for a case with a lossy log, found / expected ({@link LogGap}) summed over the records
   * of its trace other than {@code exclude} that have sync counts, at most 1, to 6 decimals (the model's
   * resolution); for the held-out case {@code exclude} when none of those has them, its own; else the model's
   * default share. {@link #EXACT} for the cases with an exact log.
   */
  private double[] shares(int exclude) throws IOException {
    double[] out = new double[cases.size()];
    for (int i = 0; i < cases.size(); i++) {
      out[i] = cases.get(i).record().lossyDirtyLog() ? share(i, exclude).value() : EXACT;
    }
    return out;
  }

  /** A share and where it came from. */
  private record Share(double value, ShareSource source) {}

  /** Case {@code i}'s share with case {@code exclude}'s gap left out (see {@link #shares(int)}). */
  private Share share(int i, int exclude) throws IOException {
    LogGap.Gap[] g = gaps();
    long found = 0;
    long expected = 0;
    for (int m : sameTrace(i)) {
      if (m != exclude && g[m] != null) {
        found += g[m].found();
        expected += g[m].expected();
      }
    }
    ShareSource source = ShareSource.OTHER_RECORDS;
    if (expected == 0 && i == exclude && g[i] != null) {
      found = g[i].found();
      expected = g[i].expected();
      source = ShareSource.OWN_SYNCS;
    }
    return expected == 0 ? new Share(predictor.defaultLogShare(), ShareSource.DEFAULT)
        : new Share(Math.round(Math.min(1.0, found / (double) expected) * 1e6) / 1e6, source);
  }

  /** The cases with a lossy log on case {@code i}'s trace, {@code i} included. */
  private int[] sameTrace(int i) {
    Path t = cases.get(i).trace();
    return IntStream.range(0, cases.size())
        .filter(m -> cases.get(m).record().lossyDirtyLog() && cases.get(m).trace().equals(t)).toArray();
  }

  /** Each lossy case's measured gap (null for the others and for records without sync counts), measured once. */
  private LogGap.Gap[] gaps() throws IOException {
    if (gaps == null) {
      List<Future<LogGap.Gap>> futures = new ArrayList<>();
      for (Case c : cases) {
        futures.add(pool.submit(() -> c.record().lossyDirtyLog() ? LogGap.measure(c.record(), c.trace()) : null));
      }
      LogGap.Gap[] out = new LogGap.Gap[cases.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = migreplay.replay.sweep.Sweep.await(futures.get(i));
      }
      gaps = out;
    }
    return gaps;
  }


  /**
   * Levenberg–Marquardt from {@code from}; with {@code polish}, where it stalls (the model's response to a
   * cost is flat in places and steps in others: CPU time hidden in a rate window's sleep, a sync that does or
   * does not happen), a move of ×1.19 or ×1.09 along one cost that lowers the loss restarts it. Returns the
   * grid point of the lowest loss found.
   */
  private int[] search(int[] subset, int[] from, double[] shares, int iterations, boolean polish, String stage)
      throws IOException {
    int[] point = from.clone();
    for (int round = 0; round <= MAX_POLISH; round++) {
      point = levenbergMarquardt(subset, point, shares, iterations,
          stage == null || round == 0 ? stage : stage + " after move " + round + " along one cost");
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

  private int[] levenbergMarquardt(int[] subset, int[] from, double[] shares, int iterations, String stage)
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
        if (stage != null && System.nanoTime() - lastReport > 10_000_000_000L) {
          report(String.format(Locale.US, "%s, iteration %d, slope %d of %d", stage, iter + 1, j + 1, n));
        }
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
      if (stage != null) {
        report(String.format(Locale.US, "%s, iteration %d, loss %.4f", stage, iter + 1, current));
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
    double[] r = new double[3 * subset.length];
    for (int k = 0; k < subset.length; k++) {
      System.arraycopy(residuals(cases.get(subset[k]).record().real(), ps.get(k).totals()), 0, r, 3 * k, 3);
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
      out.add(migreplay.replay.sweep.Sweep.await(f));
    }
    return out;
  }

  /** Sum of the cases' losses at a point, predicted in parallel, summed in case order. */
  private double loss(int[] subset, int[] point, double[] shares) throws IOException {
    List<Prediction> ps = predictions(subset, point, shares);
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

  private Prediction prediction(int i, int[] point, double share) throws IOException {
    Key key = new Key(i, Arrays.stream(point).boxed().toList(), share);
    Prediction p = cache.get(key);
    if (p == null) {
      Case c = cases.get(i);
      Map<String, Double> values = values(point);
      if (share != EXACT) {
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

  /**
   * One line for people, or empty without records whose log is lossy: each trace's share fitted on all its
   * records, and its range over the folds (the shares the predictions ran with).
   */
  public static String describeShares(Result r) {
    if (r.shares().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder(Predictor.LOG_SHARE).append(" per trace (QEMU 7.2 under TCG: the share of "
        + "written pages its syncs found), on all its records: ");
    for (Map.Entry<String, Double> e : r.shares().entrySet()) {
      DoubleSummaryStatistics s = IntStream.range(0, r.folds().size())
          .filter(i -> r.foldTraces().get(i).equals(e.getKey()))
          .mapToDouble(i -> r.folds().get(i).costs().get(Predictor.LOG_SHARE)).summaryStatistics();
      b.append(e.getKey()).append(' ').append(fmt(e.getValue()));
      if (s.getCount() > 0) {
        b.append(" (held out: ").append(fmt(s.getMin()));
        if (s.getMax() > s.getMin()) {
          b.append("..").append(fmt(s.getMax()));
        }
        b.append(' ').append(String.join(" / ", IntStream.range(0, r.folds().size())
            .filter(i -> r.foldTraces().get(i).equals(e.getKey())).mapToObj(i -> r.foldSources().get(i).words())
            .distinct().toList()));
        b.append(')');
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
