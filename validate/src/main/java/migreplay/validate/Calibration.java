package migreplay.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Fits the model's host costs to real migrations, leave-one-out: each record is predicted with costs fitted
 * on the others, so no record's prediction has seen that record.
 *
 * <p>The fit minimises, over the records it is given, the sum of squared relative errors of total time and
 * of transferred bytes, plus 1 for every wrong convergence verdict. It is a pattern search on a logarithmic
 * grid: cost j takes the values default × 2^(k_j / 8) (steps of 9 %), clamped to its range; from the
 * current point it tries k_j ± s for each cost in order, then (k_j ± s, k_i ± s) for each pair, and moves
 * to the first that lowers the loss, until none does, for s = 16, 8, 4, 2, 1 in turn. The folds start from the fit on every record with s = 2, 1.
 * Every prediction is cached by (record, grid point), so the folds, which visit mostly the same points,
 * share their replays. The result is deterministic: losses are summed in record order, ties keep the
 * current point, and nothing depends on the thread count.
 */
public final class Calibration {
  static final int STEPS_PER_DOUBLING = 8;
  private static final int[] FULL_STEPS = {16, 8, 4, 2, 1};
  private static final int[] FOLD_STEPS = {2, 1};

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
   * @param folds fold i: the fit on every record but record i (equal to {@code all} with one record)
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
    int[] best = search(all, start, FULL_STEPS);
    Fit allFit = fit(all, best);
    List<Fit> folds = new ArrayList<>();
    for (int held = 0; held < cases.size(); held++) {
      if (cases.size() == 1) {
        folds.add(allFit);
        break;
      }
      final int h = held;
      int[] others = IntStream.range(0, cases.size()).filter(i -> i != h).toArray();
      folds.add(fit(others, search(others, best, FOLD_STEPS)));
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

  private int[] search(int[] subset, int[] from, int[] steps) throws IOException {
    int[] point = from.clone();
    double current = loss(subset, point);
    for (int step : steps) {
      int[] next = point;
      while (next != null) {
        point = next;
        current = loss(subset, point);
        next = firstBetter(subset, point, current, step);
      }
    }
    return point;
  }

  /**
   * The first neighbour at distance {@code step} that lowers the loss: along each cost (+ then −), then, so that
   * costs whose effects trade off against each other (a valley across the axes) do not stall the search,
   * along each pair of costs together; null when none does.
   */
  private int[] firstBetter(int[] subset, int[] point, double current, int step) throws IOException {
    int n = point.length;
    List<int[]> moves = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      for (int d : new int[] {step, -step}) {
        int[] m = new int[n];
        m[j] = d;
        moves.add(m);
      }
    }
    for (int j = 0; j < n; j++) {
      for (int k = j + 1; k < n; k++) {
        for (int dj : new int[] {step, -step}) {
          for (int dk : new int[] {step, -step}) {
            int[] m = new int[n];
            m[j] = dj;
            m[k] = dk;
            moves.add(m);
          }
        }
      }
    }
    for (int[] m : moves) {
      int[] cand = point.clone();
      boolean changed = false;
      for (int j = 0; j < n; j++) {
        cand[j] = clamp(costs.get(j), cand[j] + m[j]);
        changed |= cand[j] != point[j];
      }
      if (changed && loss(subset, cand) < current) {
        return cand;
      }
    }
    return null;
  }

  /** Sum of the cases' losses at a point, predicted in parallel, summed in case order. */
  private double loss(int[] subset, int[] point) throws IOException {
    List<Future<Prediction>> futures = new ArrayList<>();
    for (int i : subset) {
      futures.add(pool.submit(() -> prediction(i, point)));
    }
    double sum = 0;
    for (int k = 0; k < subset.length; k++) {
      sum += loss(cases.get(subset[k]).record().real(), get(futures.get(k)).totals());
    }
    return sum;
  }

  /** One record's loss: squared relative errors of total time and transferred, plus 1 for a wrong verdict. */
  static double loss(Totals real, Totals model) {
    double t = Metric.TOTAL_TIME_S.error(real, model);
    double x = Metric.TRANSFERRED_BYTES.error(real, model);
    return (Double.isNaN(t) ? 1 : t * t) + (Double.isNaN(x) ? 1 : x * x)
        + (real.converged() == model.converged() ? 0 : 1);
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

  /** The future's value, with an I/O or bad-input failure of the task rethrown as it was. */
  static <T> T get(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      } else if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      } else if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(c);
    }
  }

  private Map<String, Double> values(int[] point) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int j = 0; j < point.length; j++) {
      out.put(costs.get(j).name(), value(costs.get(j), point[j]));
    }
    return out;
  }

  /** The cost's value at grid index k: default × 2^(k/8), clamped to its range. */
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
