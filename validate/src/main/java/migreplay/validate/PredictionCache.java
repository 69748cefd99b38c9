package migreplay.validate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The model's predictions of calibration's cases at points of the cost grid, each made once: cached by (case,
 * point, share), so a fold that revisits the fit on every record replays nothing again. Safe to call from
 * several threads; {@link #predictions} runs on the pool and answers in the order asked.
 */
final class PredictionCache {
  private record Key(int caseIndex, List<Integer> point, double share) {}

  private final Predictor predictor;
  private final CostGrid grid;
  private final List<Calibration.Case> cases;
  private final ExecutorService pool;
  private final Map<Key, Prediction> cache = new ConcurrentHashMap<>();

  PredictionCache(Predictor predictor, CostGrid grid, List<Calibration.Case> cases, ExecutorService pool) {
    this.predictor = predictor;
    this.grid = grid;
    this.cases = List.copyOf(cases);
    this.pool = pool;
  }

  List<Calibration.Case> cases() {
    return cases;
  }

  /** The predictions made so far (the replays a calibration has run). */
  long size() {
    return cache.size();
  }

  /**
   * Case {@code i}'s prediction at a grid point with, for a record with a lossy log, a {@link Predictor#LOG_SHARE}
   * ({@link LogShares#EXACT} for none).
   */
  Prediction prediction(int i, int[] point, double share) throws IOException {
    Key key = new Key(i, Arrays.stream(point).boxed().toList(), share);
    Prediction p = cache.get(key);
    if (p == null) {
      Calibration.Case c = cases.get(i);
      Map<String, Double> values = grid.values(point);
      if (share != LogShares.EXACT) {
        values.put(Predictor.LOG_SHARE, share);
      }
      p = predictor.predict(c.record(), c.trace(), values);
      cache.putIfAbsent(key, p);
    }
    return p;
  }

  /** The predictions of the cases {@code subset} at a point, each with its share, made in parallel, in order. */
  List<Prediction> predictions(int[] subset, int[] point, double[] shares) throws IOException {
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
}
