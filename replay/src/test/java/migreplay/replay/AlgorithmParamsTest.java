package migreplay.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import migreplay.replay.engine.RunOptions;
import migreplay.replay.params.ParamSpec;
import migreplay.replay.sweep.SweepPlan;
import org.junit.jupiter.api.Test;

/** The parameter declarations: defaults, normal forms, and refusals before any run. */
class AlgorithmParamsTest {
  @Test
  void defaultsGiveTheParamsStringsOfTheBaseline() {
    // The params column of ci/baseline/runs.csv, written before the declarations existed.
    assertEquals("batch_pages=1024;max_factor=3;max_rounds=29;scan_order=linear;stop_pages=50",
        Algorithm.XEN_PRECOPY.create(Map.of()).params());
    assertEquals("batch_pages=1024;hot_from_round=2;hot_policy=paper;max_factor=3;max_rounds=29;scan_order=linear;"
        + "stop_pages=50", Algorithm.IMPROVED_PRECOPY.create(Map.of()).params());
    assertEquals("", Algorithm.STOP_AND_COPY.create(Map.of()).params());
  }

  @Test
  void valuesAreNormalizedAsTheResultsNameThem() {
    String p = Algorithm.IMPROVED_PRECOPY.create(Map.of("hot_policy", " Consecutive:02 ", "max_rounds", "0005",
        "scan_order", "PERMUTE")).params();
    assertEquals("batch_pages=1024;hot_from_round=2;hot_policy=consecutive:2;max_factor=3;max_rounds=5;"
        + "scan_order=permute;stop_pages=50", p);
  }

  @Test
  void aBadValueNamesTheParameterTheValueAndWhatIsAccepted() {
    for (String[] c : new String[][] {
        {"max_rounds", "0", "an integer from 1 to 1000000"}, {"max_rounds", "99999999999", "an integer from 1"},
        {"stop_pages", "-1", "an integer from 0"}, {"batch_pages", "abc", "an integer from 1"},
        {"scan_order", "diagonal", "one of linear, permute"}, {"hot_policy", "consecutive:", "consecutive:K"},
        {"hot_policy", "consecutive:101", "K from 1 to 100"}, {"hot_from_round", "0", "from 1"}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Algorithm.IMPROVED_PRECOPY.create(Map.of(c[0], c[1])));
      assertTrue(e.getMessage().contains(c[0] + "='" + c[1] + "'") && e.getMessage().contains(c[2]), e.getMessage());
    }
  }

  @Test
  void anUndeclaredParameterIsRefusedListingTheDeclaredOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Algorithm.XEN_PRECOPY.create(Map.of("hot_policy", "paper")));
    assertEquals("xen-precopy has no parameter 'hot_policy'; it takes max_rounds, max_factor, stop_pages, "
        + "batch_pages, scan_order", e.getMessage());
  }

  @Test
  void aSweepPlanRefusesABadValueBeforeAnyRun() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SweepPlan(
        List.of(Path.of("never-read.trace.arrow")), List.of(Algorithm.XEN_PRECOPY, Algorithm.IMPROVED_PRECOPY),
        List.of(RunOptions.defaults(1_000_000_000)), Map.of("max_rounds", List.of("29", "0"))));
    assertTrue(e.getMessage().contains("max_rounds='0'"), e.getMessage());
  }

  @Test
  void everyDefaultIsInNormalFormAndAccepted() {
    for (Algorithm a : Algorithm.values()) {
      for (ParamSpec p : a.params()) {
        assertEquals(p.defaultValue(), p.normalize(p.defaultValue()), a.label() + " " + p.name());
        assertTrue(!p.help().isEmpty() && !p.type().accepted().isEmpty(), p.name());
      }
    }
  }
}
