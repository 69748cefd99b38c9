package migreplay.replay;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The registry of migration algorithms by name. A new algorithm is one class plus one constant here. */
public enum Algorithm {
  XEN_PRECOPY(XenPrecopy.NAME, XenPrecopy::new),
  IMPROVED_PRECOPY(ImprovedPrecopy.NAME, ImprovedPrecopy::new),
  STOP_AND_COPY(StopAndCopy.NAME, StopAndCopy::new),
  QEMU_PRECOPY(migreplay.replay.qemu.QemuPrecopy.NAME, migreplay.replay.qemu.QemuPrecopy::new);

  private final String label;
  private final Function<AlgorithmParams, MigrationAlgorithm> factory;

  Algorithm(String label, Function<AlgorithmParams, MigrationAlgorithm> factory) {
    this.label = label;
    this.factory = factory;
  }

  /** The name used on the command line and in results. */
  public String label() {
    return label;
  }

  /**
   * A fresh instance for one run.
   *
   * @param params parameters by key (e.g. {@code max_rounds=5}); keys it does not take are an error
   */
  public MigrationAlgorithm create(Map<String, String> params) {
    AlgorithmParams p = new AlgorithmParams(label, params);
    MigrationAlgorithm a = factory.apply(p);
    p.checkAllUsed();
    return a;
  }

  /** The parameter keys this algorithm takes. */
  public java.util.Set<String> parameterKeys() {
    AlgorithmParams p = new AlgorithmParams(label, Map.of());
    factory.apply(p);
    return Arrays.stream(p.canonical().split(";")).filter(s -> !s.isEmpty()).map(s -> s.substring(0, s.indexOf('=')))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** Looks an algorithm up by name; an unknown name fails listing the valid ones. */
  public static Algorithm named(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (Algorithm a : values()) {
      if (a.label.equals(n)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown algorithm '" + name + "'; valid: "
        + Arrays.stream(values()).map(Algorithm::label).collect(Collectors.joining(", ")));
  }
}
