package migreplay.replay.params;

import java.util.List;
import java.util.Objects;

/**
 * One parameter an algorithm takes, declared in one place with the algorithm (e.g.
 * {@code XenPrecopy.PARAMS}): its name in {@code -p name=value} and in the {@code params} column, what it
 * accepts, its default, its unit and one line of help. {@code migreplay algorithms} lists them; every value
 * is checked against them before any run starts.
 *
 * @param name the key, e.g. {@code max_rounds}
 * @param type what it accepts and its normal form
 * @param defaultValue the value when none is given, in normal form
 * @param unit the unit of a quantity (e.g. {@code pages}), or empty
 * @param help one line
 */
public record ParamSpec(String name, ParamType type, String defaultValue, String unit, String help) {
  public ParamSpec {
    Objects.requireNonNull(type);
    if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("parameter names are lower_snake_case, found " + name);
    }
    if (!type.normalize(defaultValue).equals(defaultValue)) {
      throw new IllegalArgumentException(name + ": the default must be in normal form, found " + defaultValue);
    }
    unit = unit == null ? "" : unit;
  }

  /**
   * The normal form of {@code value}.
   *
   * @throws IllegalArgumentException saying what is accepted (without the value, which the caller names)
   */
  public String normalize(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("expected " + type.accepted());
    }
    return type.normalize(value.trim());
  }

  /** The spec named {@code name} in {@code specs}, or null. */
  public static ParamSpec find(List<ParamSpec> specs, String name) {
    for (ParamSpec s : specs) {
      if (s.name.equals(name)) {
        return s;
      }
    }
    return null;
  }
}
