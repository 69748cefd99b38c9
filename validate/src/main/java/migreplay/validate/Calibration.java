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
 * Fits the model's host costs to real migrations, leave-one-out: each record is predicted with costs fitted
 * on the others, so no record's prediction has seen that record.
 *
 * <p>The fit is least squares ({@link Objective}): it minimises, over the records it is given, the sum of their
 * {@link FitLoss losses}, squared relative errors of total time, of transferred bytes and (weighing half) of
 * downtime, plus 1 for every wrong convergence verdict. Costs are searched on a logarithmic grid
 * ({@link CostGrid}: steps of 1/64 of a doubling, 1.1 %, within each cost's range) by Levenberg–Marquardt,
 * restarted by moves along one cost where it stalls ({@link CostSearch}), and every prediction is cached by
 * (record, grid point) ({@link PredictionCache}). The fit on every record starts at the defaults; the folds
 * start from it, where its last Jacobian is already cached, and take one Levenberg–Marquardt iteration from
 * there (dropping one record moves the optimum little; a full refit per fold would cost N times more
 * replays). The result is deterministic: losses and Jacobians are summed in record order, and nothing depends
 * on the thread count.
 *
 * <p>Records whose dirty log misses rewrites ({@link MigrationRecord.Request#lossyDirtyLog()}: QEMU 7.2 under
 * TCG) also need the share of written pages their syncs find ({@link Predictor#LOG_SHARE}). That share is
 * measured, not fitted ({@link LogShares}): a held-out record's share comes from the other records of its trace,
 * so no record's share has seen that record (unless it is alone on its trace, which the result says).
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

  private final List<Case> cases;
  private final CostGrid grid;
  private final PredictionCache predictions;
  private final LogShares logShares;
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
    this.search = new CostSearch(grid);
    this.progress = new CalibrationProgress(progress, predictions::size);
  }

  /**
   * No host costs fitted, only the shares of records with a lossy log: every fold has the default costs and
   * the held-out record's share from the other records of its trace.
   */
  public Result sharesOnly() throws IOException {
    int[] all = IntStream.range(0, cases.size()).toArray();
    return withFolds(all, grid.defaults(), logShares.shares(-1), false);
  }

  /** The fit on all records, then one fit per held-out record. */
  public Result leaveOneOut() throws IOException {
    int[] all = IntStream.range(0, cases.size()).toArray();
    double[] shares = logShares.shares(-1);
    String stage = "fit on all " + cases.size() + " records";
    int[] best = search.search(new Objective(predictions, all, shares), grid.defaults(), MAX_ITERATIONS, true,
        progress.stage(stage));
    progress.report(stage + " done; now " + cases.size() + " folds, each with one record held out");
    return withFolds(all, best, shares, true);
  }

  /**
   * The fit at {@code best} with {@code shares} on every record, and the folds: each with the held-out record's
   * trace's share measured without it, and (with {@code refit}) the costs moved from {@code best} by one
   * iteration on the other records.
   */
  private Result withFolds(int[] all, int[] best, double[] shares, boolean refit) throws IOException {
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
        folds.add(fit(all, grid.defaults(), foldShares, h)); // nothing else to fit on: the defaults
        break;
      }
      int[] others = IntStream.range(0, cases.size()).filter(i -> i != h).toArray();
      int[] point = refit
          ? search.search(new Objective(predictions, others, foldShares), best, FOLD_ITERATIONS, false, null) : best;
      folds.add(fit(others, point, foldShares, h));
      if (refit) {
        progress.report("fold " + (h + 1) + " of " + cases.size() + " (" + cases.get(h).record().name() + " held out)");
      }
    }
    return new Result(allFit, folds, traceShares, foldTraces, foldSources);
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
  private Fit fit(int[] subset, int[] point, double[] shares, int held) throws IOException {
    Map<String, Double> values = grid.values(point);
    if (held >= 0 && shares[held] != LogShares.EXACT) {
      values.put(Predictor.LOG_SHARE, shares[held]);
    }
    return new Fit(values, new Objective(predictions, subset, shares).loss(point));
  }
}
