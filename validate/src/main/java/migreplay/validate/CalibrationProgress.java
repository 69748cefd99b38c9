package migreplay.validate;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Tells, one line at a time, where a calibration is, with the replays run so far and the time taken: a fit
 * replays every record a few dozen times and takes minutes. It never changes a result.
 */
final class CalibrationProgress {
  /** Between two lines at most, while a stage is busy. */
  private static final long QUIET_NANOS = 10_000_000_000L;

  private final Consumer<String> out;
  private final LongSupplier replays;
  private final long started = System.nanoTime();
  private long lastReport = started;

  /**
   * @param out where lines go
   * @param replays the replays run so far
   */
  CalibrationProgress(Consumer<String> out, LongSupplier replays) {
    this.out = out;
    this.replays = replays;
  }

  /** Tells where the fit is: "fit on all 25 records, iteration 3, loss 0.0123: 412 replays, 1m05s". */
  void report(String where) {
    lastReport = System.nanoTime();
    long s = (lastReport - started) / 1_000_000_000L;
    out.accept(String.format(Locale.US, "%s: %d replays, %dm%02ds", where, replays.getAsLong(), s / 60, s % 60));
  }

  /** A named stage of a search ("fit on all 25 records"), whose iterations are told. */
  Stage stage(String name) {
    return new Stage(name);
  }

  /** A stage of a search; {@code null} where a search is not told (the folds' one-iteration refits). */
  final class Stage {
    private final String name;

    private Stage(String name) {
      this.name = name;
    }

    /** The same stage restarted after a move along one cost. */
    Stage after(String what) {
      return new Stage(name + " after " + what);
    }

    /** An iteration ended. */
    void iteration(int iter, double loss) {
      report(String.format(Locale.US, "%s, iteration %d, loss %.4f", name, iter, loss));
    }

    /** A slope of the Jacobian is being measured: told only after a quiet spell. */
    void slope(int iter, int j, int n) {
      if (System.nanoTime() - lastReport > QUIET_NANOS) {
        report(String.format(Locale.US, "%s, iteration %d, slope %d of %d", name, iter, j, n));
      }
    }
  }
}
