package migreplay.validate;

import java.io.IOException;

/**
 * The search for the point of the cost grid where an {@link Objective} is lowest: {@link LevenbergMarquardt}
 * from a starting point and, where it stalls (the model's response to a cost is flat in places and steps in
 * others: CPU time hidden in a rate window's sleep, a sync that does or does not happen), a move of ×1.19 or
 * ×1.09 along one cost that lowers the loss restarts it.
 */
final class CostSearch {
  /** Restarts after a move along one cost, at most. */
  private static final int MAX_POLISH = 4;

  private final CostGrid grid;
  private final LevenbergMarquardt lm;

  CostSearch(CostGrid grid) {
    this.grid = grid;
    this.lm = new LevenbergMarquardt(grid);
  }

  /**
   * The grid point of the lowest loss found from {@code from}: {@code iterations} Levenberg–Marquardt
   * iterations, and with {@code polish} up to {@value #MAX_POLISH} restarts after moves along one cost.
   *
   * @param stage told of the search's iterations, or null
   */
  int[] search(Objective f, int[] from, int iterations, boolean polish, CalibrationProgress.Stage stage)
      throws IOException {
    int[] point = from.clone();
    for (int round = 0; round <= MAX_POLISH; round++) {
      point = lm.minimise(f, point, iterations,
          stage == null || round == 0 ? stage : stage.after("move " + round + " along one cost"));
      int[] moved = polish ? coordinateMove(f, point) : null;
      if (moved == null) {
        break;
      }
      point = moved;
    }
    return point;
  }

  /** The first move along one cost, by 16 or 8 grid steps either way, that lowers the loss; or null. */
  private int[] coordinateMove(Objective f, int[] point) throws IOException {
    double current = f.loss(point);
    for (int step : new int[] {16, 8}) {
      for (int j = 0; j < point.length; j++) {
        for (int d : new int[] {step, -step}) {
          int[] cand = point.clone();
          cand[j] = grid.clamp(j, point[j] + d);
          if (cand[j] != point[j] && f.loss(cand) < current) {
            return cand;
          }
        }
      }
    }
    return null;
  }
}
