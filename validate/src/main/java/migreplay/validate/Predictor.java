package migreplay.validate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A migration model that predicts a real migration from its record and trace, under given host costs. */
public interface Predictor {
  /** The host costs the model takes, in the order calibration searches them. */
  List<HostCost> hostCosts();

  /**
   * Predicts one migration. Must be deterministic and safe to call from several threads at once.
   *
   * @param costs a value for some or all of {@link #hostCosts()} by name; the others take their defaults
   */
  Prediction predict(MigrationRecord record, Path trace, Map<String, Double> costs) throws IOException;
}
