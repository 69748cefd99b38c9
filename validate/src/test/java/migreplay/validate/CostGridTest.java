package migreplay.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cost grid: 64 steps per doubling from each default, within each cost's range. */
class CostGridTest {
  // 1/1024 to 1024 times the default: indexes -640..640; 1/2 to 4 times: -64..128
  final CostGrid grid = new CostGrid(List.of(new HostCost("rate", "pages/s", 1000, 1000 / 1024.0, 1000 * 1024.0),
      new HostCost("setup", "s", 0.04, 0.02, 0.16)));

  @Test
  void indexesAreDoublingsOfTheDefault() {
    assertEquals(Map.of("rate", 1000.0, "setup", 0.04), grid.values(grid.defaults()));
    assertEquals(Map.of("rate", 2000.0, "setup", 0.02), grid.values(new int[] {64, -64}));
    assertEquals(1000 * Math.pow(2, 3 / 64.0), grid.values(new int[] {3, 0}).get("rate"), 1e-9);
  }

  @Test
  void pointsStayInEachCostsRange() {
    assertEquals(640, grid.clamp(0, 700));
    assertEquals(-640, grid.clamp(0, -641));
    assertEquals(128, grid.clamp(1, 129));
    assertEquals(-64, grid.clamp(1, -100));
    assertEquals(5, grid.clamp(1, 5));
  }

  @Test
  void valuesMapBackToTheNearestPoint() {
    int[] p = {-17, 100};
    assertArrayEquals(p, grid.point(grid.values(p)));
    // a cost not given takes its default; a value off the grid rounds to the nearest step, beyond it clamps
    assertArrayEquals(new int[] {0, 64}, grid.point(Map.of("setup", 0.08)));
    assertArrayEquals(new int[] {640, 0}, grid.point(Map.of("rate", 1e9)));
    assertArrayEquals(new int[] {64, 0}, grid.point(Map.of("rate", 2000 * Math.pow(2, 0.4 / 64))));
  }
}
