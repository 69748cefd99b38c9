package migreplay.validate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Fits the model's host costs to real migrations, leave-one-out: each record is predicted with costs fitted on
 * the others.
 *
 * <p>The fit minimises, over the records it is given, the sum of their robust {@link FitLoss losses} (relative
 * errors of total time, of transferred bytes and, weighing half, of downtime, each through Cauchy's loss, plus 1
 * for every wrong convergence verdict), through {@link Objective}, which leaves out the records whose verdict the
 * model gets wrong at the default costs. It is graduated: a first search at a wide scale from the defaults, then
 * one at the robust scale from there. Costs are searched on a logarithmic grid ({@link CostGrid}: steps of
 * 1/64 of a doubling, 1.1 %, within each cost's physical range, {@link HostCost#min()} to {@link HostCost#max()})
 * by Levenberg–Marquardt, restarted by moves along one cost where it stalls ({@link CostSearch}), and every
 * prediction is cached by (record, grid point) ({@link PredictionCache}). The fit on every record starts at the
 * defaults; the folds start from it, where its last Jacobian is already cached, and take one
 * Levenberg–Marquardt iteration from there (dropping one record moves the optimum little; a full refit per fold
 * would cost N times more replays). A fold whose costs predict its held-out record worse ({@link FitLoss#error})
 * than the defaults do falls back to the defaults, and says so ({@link Fold#fellBack()}): a calibration is never
 * worse than the defaults on a held-out record. That choice looks at the held-out record; the fitted costs never
 * do. The result is deterministic: losses and Jacobians are summed in record order, and nothing depends on the
 * thread count.
 *
 * <p>Records whose dirty log misses rewrites ({@link MigrationRecord.Request#lossyDirtyLog()}: QEMU 7.2 under
 * TCG) also need the share of written pages their syncs find ({@link Predictor#LOG_SHARE}). That share is
 * measured, not fitted ({@link LogShares}): a held-out record's share comes from the other records of its trace,
 * so no record's share has seen that record (unless it is alone on its trace, which the result says). Without a
 * fit ({@link #sharesOnly()}), the fixed part of the downtime is measured too, per QEMU build ({@link StopTimes});
 * a fit fits it, one value over all records, as it fits the other costs.
 */
public final class Calibration {
  /** Levenberg–Marquardt iterations of the fit on every record between two moves along one cost, at most. */
  private static final int MAX_ITERATIONS = 10;
  /** A fold starts at the fit on every record and moves at most this many Levenberg–Marquardt iterations. */
  private static final int FOLD_ITERATIONS = 1;

  /** A record and its trace. */
  public record Case(MigrationRecord record, Path trace) {}

  /**
   * Fitted costs.
   *
   * @param costs each host cost's fitted value by name, in {@link Predictor#hostCosts()} order (and, in a fold
   *     whose held-out record's log is lossy, its {@link Predictor#LOG_SHARE})
   * @param loss the robust loss there over the records fitted on
   * @param leftOut the records not fitted on because the model gets their verdict wrong at the defaults
   */
  public record Fit(Map<String, Double> costs, double loss, List<String> leftOut) {
    public Fit {
      leftOut = List.copyOf(leftOut);
    }

    /** With no record left out. */
    public Fit(Map<String, Double> costs, double loss) {
      this(costs, loss, List.of());
    }
  }

  /**
   * One held-out record's fold.
   *
   * @param record the held-out record's name
   * @param fit the costs its prediction ran with: fitted on every other record, or the defaults when it fell back
   *     (or there was nothing else to fit on)
   * @param trace the record's trace label ({@link #traceLabel(Path)}) when its log is lossy, else empty
   * @param shareSource where its share came from when its log is lossy, else null
   * @param fellBack whether the costs fitted on the other records predicted it worse than the defaults, so that
   *     the defaults were used
   */
  public record Fold(String record, Fit fit, String trace, ShareSource shareSource, boolean fellBack) {}

  /**
   * @param all the fit on every record
   * @param folds fold i: record i held out
   * @param shares for each trace with records whose log is lossy (by {@link #traceLabel(Path)}), the share
   *     fitted on all its records
   */
  public record Result(Fit all, List<Fold> folds, Map<String, Double> shares) {
    public Result {
      folds = List.copyOf(folds);
      shares = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(shares));
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

  private final List<Case> cases;
  private final CostGrid grid;
  private final PredictionCache predictions;
  private final LogShares logShares;
  private final StopTimes stopTimes;
  private final CostSearch search;
  private final CalibrationProgress progress;

  public Calibration(Predictor predictor, List<Case> cases, ExecutorService pool) {
    this(predictor, cases, pool, line -> { });
  }

  /**
   * @param progress told, in words, where a {@link #leaveOneOut} is (each iteration of the fit on every record,
   *     each fold) with the replays run so far and the time taken: a fit takes minutes. It does not change the
   *     result.
   */
  public Calibration(Predictor predictor, List<Case> cases, ExecutorService pool, Consumer<String> progress) {
    this.cases = List.copyOf(cases);
    this.grid = new CostGrid(predictor.hostCosts());
    this.predictions = new PredictionCache(predictor, grid, this.cases, pool);
    this.logShares = new LogShares(this.cases, predictor.defaultLogShare(), pool);
    this.stopTimes = new StopTimes(this.cases, predictor, grid.values(grid.defaults())
        .getOrDefault(Predictor.STOP_TIME, Double.NaN));
    this.search = new CostSearch(grid);
    this.progress = new CalibrationProgress(progress, predictions::size);
  }

  /**
   * No host costs fitted, only what the records measure: every fold has the default costs but
   * {@link Predictor#STOP_TIME}, which is its build's from the other records of that build ({@link StopTimes};
   * the default when they have none), and the held-out record's share from the other records of its trace.
   */
  public Result sharesOnly() throws IOException {
    int[] all = IntStream.range(0, cases.size()).toArray();
    Result r = withFolds(all, grid.defaults(), logShares.shares(-1), false);
    if (!stopTimes.measurable()) {
      return r;
    }
    // the fixed part of the downtime: measured per build from the other records, on the grid (1.1 % steps)
    List<Fold> folds = new ArrayList<>();
    for (int i = 0; i < r.folds().size(); i++) {
      Fold f = r.folds().get(i);
      Map<String, Double> costs = new LinkedHashMap<>(f.fit().costs());
      costs.put(Predictor.STOP_TIME, stopTimes.of(i).seconds());
      Map<String, Double> snapped = grid.values(grid.point(costs));
      if (costs.containsKey(Predictor.LOG_SHARE)) {
        snapped.put(Predictor.LOG_SHARE, costs.get(Predictor.LOG_SHARE));
      }
      folds.add(new Fold(f.record(), new Fit(snapped, f.fit().loss(), f.fit().leftOut()), f.trace(),
          f.shareSource(), f.fellBack()));
    }
    return new Result(r.all(), folds, r.shares());
  }

  /** Each build's stop time, measured from its records ({@link StopTimes}); empty when the model has none. */
  public List<StopTimes.Build> stopTimes() {
    return stopTimes.measurable() ? stopTimes.builds() : List.of();
  }

  /** The fit on all records, then one fit per held-out record. */
  public Result leaveOneOut() throws IOException {
    int[] all = IntStream.range(0, cases.size()).toArray();
    double[] shares = logShares.shares(-1);
    // Graduated: from the defaults the errors can be hundreds of percent, where the robust loss is flat and would
    // leave the search anywhere; a fit at a wide scale comes near first, and the robust one starts there.
    Objective objective = Objective.on(predictions, all, shares, grid.defaults());
    String stage = "fit on all " + cases.size() + " records";
    int[] near = search.search(objective.atScale(FitLoss.WIDE_SCALE), grid.defaults(), MAX_ITERATIONS, true,
        progress.stage(stage + " (wide scale)"));
    int[] best = search.search(objective, near, MAX_ITERATIONS, true, progress.stage(stage));
    progress.report(stage + " done; now " + cases.size() + " folds, each with one record held out");
    return withFolds(all, best, shares, true);
  }

  /**
   * The fit at {@code best} with {@code shares} on every record, and the folds: each with the held-out record's
   * trace's share measured without it, and (with {@code refit}) the costs moved from {@code best} by one
   * iteration on the other records, or the defaults where those predict the held-out record worse.
   */
  private Result withFolds(int[] all, int[] best, double[] shares, boolean refit) throws IOException {
    Fit allFit = fit(Objective.on(predictions, all, shares, grid.defaults()), best, shares, -1);
    Map<String, Double> traceShares = new LinkedHashMap<>();
    for (int i = 0; i < cases.size(); i++) {
      if (cases.get(i).record().request().lossyDirtyLog()) {
        traceShares.putIfAbsent(traceLabel(cases.get(i).trace()), shares[i]);
      }
    }
    List<Fold> folds = new ArrayList<>();
    for (int held = 0; held < cases.size(); held++) {
      final int h = held;
      double[] foldShares = logShares.shares(h);
      boolean lossy = cases.get(h).record().request().lossyDirtyLog();
      String name = cases.get(h).record().name();
      String trace = lossy ? traceLabel(cases.get(h).trace()) : "";
      ShareSource source = lossy ? logShares.share(h, h).source() : null;
      if (cases.size() == 1) { // nothing else to fit on: the defaults
        folds.add(new Fold(name, fit(Objective.on(predictions, all, foldShares, grid.defaults()), grid.defaults(),
            foldShares, h), trace, source, false));
        break;
      }
      int[] others = IntStream.range(0, cases.size()).filter(i -> i != h).toArray();
      Objective objective = Objective.on(predictions, others, foldShares, grid.defaults());
      int[] point = refit ? search.search(objective, best, FOLD_ITERATIONS, false, null) : best;
      boolean fellBack = refit && worseThanDefaults(h, point, foldShares[h]);
      folds.add(new Fold(name, fit(objective, fellBack ? grid.defaults() : point, foldShares, h), trace, source,
          fellBack));
      if (refit) {
        progress.report("fold " + (h + 1) + " of " + cases.size() + " (" + name + " held out"
            + (fellBack ? ", fell back to the defaults)" : ")"));
      }
    }
    return new Result(allFit, folds, traceShares);
  }

  /** Whether case {@code h} is predicted worse ({@link FitLoss#error}) at {@code point} than at the defaults. */
  private boolean worseThanDefaults(int h, int[] point, double share) throws IOException {
    Totals real = cases.get(h).record().real();
    return FitLoss.error(real, predictions.prediction(h, point, share).totals())
        > FitLoss.error(real, predictions.prediction(h, grid.defaults(), share).totals());
  }

  /**
   * The prediction of case {@code i} under the given costs and, for a record with a lossy log, the given
   * {@link Predictor#LOG_SHARE} (from the cache when that point was visited).
   */
  public Prediction predict(int i, Map<String, Double> fitted) throws IOException {
    Double share = fitted.get(Predictor.LOG_SHARE);
    boolean lossy = share != null && cases.get(i).record().request().lossyDirtyLog();
    return predictions.prediction(i, grid.point(fitted), lossy ? share : LogShares.EXACT);
  }

  /** A trace's name in outputs: its file name without {@code .trace.arrow}. */
  public static String traceLabel(Path trace) {
    String n = trace.getFileName().toString();
    return n.endsWith(".trace.arrow") ? n.substring(0, n.length() - ".trace.arrow".length()) : n;
  }

  /** The costs of a point (and, when {@code held} is a case with a lossy log, its share) with the loss there. */
  private Fit fit(Objective objective, int[] point, double[] shares, int held) throws IOException {
    Map<String, Double> values = grid.values(point);
    if (held >= 0 && shares[held] != LogShares.EXACT) {
      values.put(Predictor.LOG_SHARE, shares[held]);
    }
    return new Fit(values, objective.loss(point),
        IntStream.of(objective.leftOut()).mapToObj(i -> cases.get(i).record().name()).toList());
  }
}
