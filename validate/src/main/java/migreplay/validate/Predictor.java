package migreplay.validate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A migration model that predicts a real migration from its record and trace, under given host costs. */
public interface Predictor {
  /**
   * The parameter, passed with the costs, that gives a record with a
   * {@link MigrationRecord.Request#lossyDirtyLog() lossy dirty log} the share of written pages its syncs find;
   * without it such a record is predicted with an exact log.
   */
  String LOG_SHARE = "tcg_log_share";

  /** The share a record with a lossy log is predicted with when calibration has nothing to fit it on. */
  default double defaultLogShare() {
    return 1;
  }

  /**
   * The host cost, passed with the costs, that is the fixed part of a downtime (stopping the guest, the final
   * sync, device state): measured per QEMU build from records whose final pass was small ({@link StopTimes}).
   */
  String STOP_TIME = "stop_time";

  /**
   * The fixed part of a real migration's downtime in seconds: its downtime less the time the model's final pass
   * would take to send its {@code downtime-bytes} at the default costs; NaN when the model has no such cost.
   */
  default double stopCostS(Totals real, long pageSize) {
    return Double.NaN;
  }

  /** The host costs the model takes, in the order calibration searches them. */
  List<HostCost> hostCosts();

  /**
   * Predicts one migration. Must be deterministic and safe to call from several threads at once.
   *
   * @param costs a value for some or all of {@link #hostCosts()} by name (the others take their defaults),
   *     and optionally {@link #LOG_SHARE}
   */
  Prediction predict(MigrationRecord record, Path trace, Map<String, Double> costs) throws IOException;
}
