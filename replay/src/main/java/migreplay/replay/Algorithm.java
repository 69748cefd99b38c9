package migreplay.replay;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import migreplay.replay.engine.MigrationAlgorithm;
import migreplay.replay.params.AlgorithmParams;
import migreplay.replay.params.ParamSpec;
import migreplay.replay.xen.ImprovedPrecopy;
import migreplay.replay.xen.StopAndCopy;
import migreplay.replay.xen.XenPrecopy;

/** The registry of migration algorithms by name. A new algorithm is one class plus one constant here. */
public enum Algorithm {
  XEN_PRECOPY(XenPrecopy.NAME, XenPrecopy::new, XenPrecopy.PARAMS, "Xen 3.3.0's pre-copy (xc_domain_save)"),
  IMPROVED_PRECOPY(ImprovedPrecopy.NAME, ImprovedPrecopy::new, ImprovedPrecopy.PARAMS,
      "Xen's pre-copy holding frequently updated pages back for the last round (Ma, Liu, Liu 2010)"),
  STOP_AND_COPY(StopAndCopy.NAME, StopAndCopy::new, StopAndCopy.PARAMS,
      "pause the guest and send all of RAM once (the non-live baseline)"),
  QEMU_PRECOPY(migreplay.replay.qemu.QemuPrecopy.NAME, migreplay.replay.qemu.QemuPrecopy::new,
      migreplay.replay.qemu.QemuPrecopy.PARAMS, "QEMU's legacy (non-multifd) pre-copy, 7.2 or 9.2");

  private final String label;
  private final Function<AlgorithmParams, MigrationAlgorithm> factory;
  private final List<ParamSpec> params;
  private final String description;

  /**
   * @param params the parameters it declares (its one place for them: name, type, default, unit, help)
   */
  Algorithm(String label, Function<AlgorithmParams, MigrationAlgorithm> factory, List<ParamSpec> params,
      String description) {
    this.label = label;
    this.factory = factory;
    this.params = params;
    this.description = description;
  }

  /** The parameters it declares, in the order they are listed. */
  public List<ParamSpec> params() {
    return params;
  }

  /** One line saying what it is. */
  public String description() {
    return description;
  }

  /** Its declaration of {@code key}, or null if it does not take it. */
  public ParamSpec param(String key) {
    return ParamSpec.find(params, key);
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
    return factory.apply(new AlgorithmParams(label, this.params, params));
  }

  /** The parameter keys this algorithm takes. */
  public java.util.Set<String> parameterKeys() {
    return params.stream().map(ParamSpec::name).collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** Looks an algorithm up by name; an unknown name fails listing the valid ones. */
  public static Algorithm named(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (Algorithm a : values()) {
      if (a.label.equals(n)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown algorithm " + migreplay.io.Quote.of(name) + "; valid: "
        + Arrays.stream(values()).map(Algorithm::label).collect(Collectors.joining(", ")));
  }
}
