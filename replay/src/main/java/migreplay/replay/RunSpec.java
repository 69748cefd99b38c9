package migreplay.replay;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run to do: a trace, an algorithm with its parameters, and the run options.
 *
 * @param params algorithm parameters by key (only keys the algorithm takes)
 */
public record RunSpec(Path trace, Algorithm algorithm, Map<String, String> params, RunOptions options) {
  public RunSpec {
    params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
  }
}
