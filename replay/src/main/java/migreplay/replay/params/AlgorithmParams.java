package migreplay.replay.params;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.Collectors;
import migreplay.io.Quote;

/**
 * The parameters of one algorithm instance, checked against the algorithm's {@link ParamSpec} declarations:
 * every given value is normalized here, before the algorithm is built, and the algorithm reads typed values
 * whose defaults come from the declarations. {@link #canonical()} is every declared parameter, defaults
 * included, sorted by key: the {@code params} column of the results.
 */
public final class AlgorithmParams {
  private final String algorithm;
  private final Map<String, String> values = new TreeMap<>();

  /**
   * @param specs the algorithm's declarations
   * @param given values by key, as typed
   * @throws IllegalArgumentException for a key not declared or a value not accepted, naming both
   */
  public AlgorithmParams(String algorithm, List<ParamSpec> specs, Map<String, String> given) {
    this.algorithm = algorithm;
    for (Map.Entry<String, String> e : given.entrySet()) {
      if (ParamSpec.find(specs, e.getKey()) == null) {
        throw new IllegalArgumentException(algorithm + " has no parameter " + Quote.of(e.getKey()) + "; it takes "
            + (specs.isEmpty() ? "none" : specs.stream().map(ParamSpec::name).collect(Collectors.joining(", "))));
      }
    }
    for (ParamSpec s : specs) {
      String v = given.get(s.name());
      try {
        values.put(s.name(), v == null ? s.defaultValue() : s.normalize(v));
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException(algorithm + ": " + s.name() + "=" + Quote.of(v) + ": " + x.getMessage());
      }
    }
  }

  /** A declared parameter's value in normal form, given or default. */
  public String get(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalStateException(algorithm + " reads parameter " + key + " without declaring it");
    }
    return v;
  }

  /** A declared integer parameter. */
  public long getLong(String key) {
    return Long.parseLong(get(key));
  }

  /** A declared integer parameter whose {@link ParamType#integer} range fits an int. */
  public int getInt(String key) {
    return Math.toIntExact(getLong(key));
  }

  /** Replaces a value by what the run found it to be (e.g. {@code initial_nonzero=auto} resolved to {@code all}). */
  public void record(String key, String value) {
    get(key);
    values.put(key, value);
  }

  public String canonical() {
    StringJoiner j = new StringJoiner(";");
    values.forEach((k, v) -> j.add(k + "=" + v));
    return j.toString();
  }
}
