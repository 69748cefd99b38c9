package migreplay.replay;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import migreplay.io.Quote;

/**
 * The parameters of one algorithm instance. An algorithm that declares its {@link ParamSpec}s gets every given
 * value checked and normalized here, before it is built, and reads typed values whose defaults come from the
 * declarations; {@link #canonical()} is then every declared parameter, defaults included, sorted by key (the
 * {@code params} column of the results).
 *
 * <p>An algorithm without declarations (null specs) reads {@code key=value} strings with defaults given at
 * each getter, and {@link #canonical()} holds the keys it read.
 */
public final class AlgorithmParams {
  private final String algorithm;
  private final List<ParamSpec> specs;
  private final Map<String, String> given;
  private final Map<String, String> used = new TreeMap<>();

  /** Undeclared parameters: checked by the getters and {@link #checkAllUsed()}. */
  public AlgorithmParams(String algorithm, Map<String, String> given) {
    this(algorithm, null, given);
  }

  /**
   * @param specs the algorithm's declarations, or null for an algorithm that has none
   * @throws IllegalArgumentException for a key not declared or a value not accepted, naming both
   */
  public AlgorithmParams(String algorithm, List<ParamSpec> specs, Map<String, String> given) {
    this.algorithm = algorithm;
    this.specs = specs == null ? null : List.copyOf(specs);
    if (specs == null) {
      this.given = Map.copyOf(given);
      return;
    }
    Map<String, String> normal = new TreeMap<>();
    for (Map.Entry<String, String> e : given.entrySet()) {
      ParamSpec s = ParamSpec.find(specs, e.getKey());
      if (s == null) {
        throw new IllegalArgumentException(algorithm + " has no parameter " + Quote.of(e.getKey()) + "; it takes "
            + (specs.isEmpty() ? "none" : specs.stream().map(ParamSpec::name).collect(Collectors.joining(", "))));
      }
      try {
        normal.put(e.getKey(), s.normalize(e.getValue()));
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException(algorithm + ": " + e.getKey() + "=" + Quote.of(e.getValue()) + ": "
            + x.getMessage());
      }
    }
    for (ParamSpec s : specs) {
      used.put(s.name(), normal.getOrDefault(s.name(), s.defaultValue()));
    }
    this.given = Map.copyOf(normal);
  }

  /** A declared parameter's value (normal form), given or default. */
  public String get(String key) {
    String v = specs == null ? given.get(key) : used.get(key);
    if (specs != null && v == null) {
      throw new IllegalStateException(algorithm + " reads parameter " + key + " without declaring it");
    }
    return v;
  }

  /** A declared integer parameter. */
  public long getLong(String key) {
    return Long.parseLong(get(key));
  }

  /** A declared integer parameter that fits an int (its {@link ParamType#integer} range says so). */
  public int getInt(String key) {
    return Math.toIntExact(getLong(key));
  }

  public int getInt(String key, int defaultValue) {
    if (specs != null) {
      return getInt(key);
    }
    String v = given.get(key);
    int result;
    try {
      result = v == null ? defaultValue : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(algorithm + ": parameter " + key + " expects an integer, found " + Quote.of(v));
    }
    used.put(key, Integer.toString(result));
    return result;
  }

  public String getString(String key, String defaultValue) {
    if (specs != null) {
      return get(key);
    }
    String v = given.getOrDefault(key, defaultValue);
    used.put(key, v);
    return v;
  }

  /** Replaces the recorded value of a key by its normal form (e.g. a lower-cased policy name). */
  public void record(String key, String value) {
    used.put(key, value);
  }

  /**
   * @throws IllegalArgumentException if a given key was not read by the algorithm
   */
  public void checkAllUsed() {
    Set<String> unknown = new TreeSet<>(given.keySet());
    unknown.removeAll(used.keySet());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(algorithm + " has no parameter " + unknown + "; it takes " + used.keySet());
    }
  }

  public String canonical() {
    StringJoiner j = new StringJoiner(";");
    used.forEach((k, v) -> j.add(k + "=" + v));
    return j.toString();
  }
}
