package migreplay.validate;

/**
 * A host cost the model takes as a parameter and calibration may fit: its parameter name, its default, and
 * the range a fit searches (on a logarithmic grid, see {@link Calibration}).
 *
 * @param name the model's parameter name
 * @param unit the unit of its values, for people
 * @param defaultValue the value without calibration
 * @param min the smallest value a fit may choose (positive)
 * @param max the largest value a fit may choose
 */
public record HostCost(String name, String unit, double defaultValue, double min, double max) {
  public HostCost {
    if (!(min > 0 && min <= defaultValue && defaultValue <= max)) {
      throw new IllegalArgumentException(name + ": need 0 < min <= default <= max, found " + min + ", "
          + defaultValue + ", " + max);
    }
  }
}
