package migreplay.replay;

import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The parameters of one algorithm instance as {@code key=value} strings, with typed getters that fall back
 * to defaults and fail naming the key. {@link #canonical()} is the {@code params} column of the results:
 * every parameter the algorithm knows, defaults included, sorted by key.
 */
public final class AlgorithmParams {
  private final String algorithm;
  private final Map<String, String> given;
  private final Map<String, String> used = new TreeMap<>();

  public AlgorithmParams(String algorithm, Map<String, String> given) {
    this.algorithm = algorithm;
    this.given = Map.copyOf(given);
  }

  public int getInt(String key, int defaultValue) {
    String v = given.get(key);
    int result;
    try {
      result = v == null ? defaultValue : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(algorithm + ": parameter " + key + " expects an integer, found '" + v + "'");
    }
    used.put(key, Integer.toString(result));
    return result;
  }

  public String getString(String key, String defaultValue) {
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
