package migreplay.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The damped normal equations' solve. */
class LevenbergMarquardtTest {
  @Test
  void solvesASymmetricPositiveSystem() {
    // x = (1, -2, 3): 4 - 2 + 3 = 5, 1 - 6 + 3 = -2, 1 - 2 + 15 = 14
    double[][] a = {{4, 1, 1}, {1, 3, 1}, {1, 1, 5}};
    assertArrayEquals(new double[] {1, -2, 3}, LevenbergMarquardt.solve(a, new double[] {5, -2, 14}), 1e-12);
  }

  @Test
  void pivotsAndGivesZeroForAnUnknownTheSystemDoesNotDetermine() {
    // the first column's larger entry is in the second row; the third unknown appears nowhere
    double[][] a = {{1, 2, 0}, {3, 4, 0}, {0, 0, 0}};
    assertArrayEquals(new double[] {1, 1, 0}, LevenbergMarquardt.solve(a, new double[] {3, 7, 0}), 1e-12);
  }
}
