package migreplay.validate;

import java.util.List;

/**
 * What the model predicts for one record: the end state and its progress over time.
 *
 * @param totals the end state (at the model's timeout when it did not converge)
 * @param series progress samples in time order
 */
public record Prediction(Totals totals, List<Sample> series) {
  public Prediction {
    series = List.copyOf(series);
  }
}
