package migreplay.replay.xen;

import migreplay.replay.engine.Migration;
import migreplay.replay.engine.MigrationAlgorithm;
import migreplay.replay.params.AlgorithmParams;
import migreplay.replay.params.ParamSpec;
import migreplay.trace.RamRanges;

/**
 * {@code stop-and-copy}: the non-live baseline. The guest is paused at once and all of RAM is sent in one
 * round, so the downtime is the whole migration.
 */
public final class StopAndCopy implements MigrationAlgorithm {
  public static final String NAME = "stop-and-copy";

  /** It takes none. */
  public static final java.util.List<ParamSpec> PARAMS = java.util.List.of();

  public StopAndCopy(AlgorithmParams p) {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String params() {
    return "";
  }

  @Override
  public void migrate(Migration m) {
    m.pause();
    RamRanges ram = m.ram();
    if (m.verifying()) {
      for (int r = 0; r < ram.rangeCount(); r++) {
        for (long p = ram.start(r); p < ram.end(r); p++) {
          m.recordSend(p);
        }
      }
    }
    m.send(ram.pageCount());
    m.endRound(ram.pageCount(), 0, 0, 0, true);
  }
}
