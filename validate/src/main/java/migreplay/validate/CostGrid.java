package migreplay.validate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The points calibration searches: each host cost on a logarithmic grid, its index k standing for
 * default × 2^(k/64) (steps of 1/64 of a doubling, 1.1 %) within the cost's range ({@link HostCost#min()} to
 * {@link HostCost#max()}). A point holds one index per cost, in {@link Predictor#hostCosts()} order; the point of
 * all zeros is the defaults.
 */
final class CostGrid {
  static final int STEPS_PER_DOUBLING = 64;

  private final List<HostCost> costs;

  CostGrid(List<HostCost> costs) {
    this.costs = List.copyOf(costs);
  }

  /** How many costs a point has. */
  int size() {
    return costs.size();
  }

  /** The point of the default costs. */
  int[] defaults() {
    return new int[costs.size()];
  }

  /** Index {@code k} of cost {@code j} moved into the cost's range. */
  int clamp(int j, int k) {
    HostCost c = costs.get(j);
    int lo = (int) Math.ceil(STEPS_PER_DOUBLING * log2(c.min() / c.defaultValue()) - 1e-9);
    int hi = (int) Math.floor(STEPS_PER_DOUBLING * log2(c.max() / c.defaultValue()) + 1e-9);
    return Math.max(lo, Math.min(hi, k));
  }

  /** Each cost's value at a point, by name, in cost order. */
  Map<String, Double> values(int[] point) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int j = 0; j < point.length; j++) {
      out.put(costs.get(j).name(), value(costs.get(j), point[j]));
    }
    return out;
  }

  /** The point nearest to costs by name (a cost not among them: its default), each index within its range. */
  int[] point(Map<String, Double> values) {
    int[] point = defaults();
    for (int j = 0; j < point.length; j++) {
      Double v = values.get(costs.get(j).name());
      point[j] = v == null ? 0 : clamp(j, (int) Math.round(STEPS_PER_DOUBLING * log2(v / costs.get(j).defaultValue())));
    }
    return point;
  }

  /** The cost's value at grid index k: default × 2^(k/64), clamped to its range. */
  private static double value(HostCost c, int k) {
    return Math.min(c.max(), Math.max(c.min(), c.defaultValue() * Math.pow(2, k / (double) STEPS_PER_DOUBLING)));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
