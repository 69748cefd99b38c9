package migreplay.spark;

import java.io.IOException;
import migreplay.replay.sweep.Fleet;
import org.apache.spark.api.java.function.Function;

/**
 * What an executor does with one host of a fleet: its drains ({@link Fleet#runHost}), their rows returned with
 * the host's index so the driver puts them in host order. A pure function of the host and the settings, so Spark
 * may retry it or run it twice without changing results.
 */
final class HostDrains implements Function<Integer, HostDrains.Done> {
  /** A finished task: the host's index and its rows. */
  record Done(int index, Fleet.Rows rows) implements java.io.Serializable {}

  private final Fleet fleet;
  private final boolean verify;
  private final long decodeMemory;

  /** @param decodeMemory bytes of decoded traces a task may hold, or -1 for half the executor's heap per slot */
  HostDrains(Fleet fleet, boolean verify, long decodeMemory) {
    this.fleet = fleet;
    this.verify = verify;
    this.decodeMemory = decodeMemory;
  }

  @Override
  public Done call(Integer host) throws IOException {
    // A task's drains share its slot's cores: one host alone gets the executor's.
    int threads = fleet.hosts().size() == 1 ? Runtime.getRuntime().availableProcessors() : 1;
    return new Done(host, fleet.runHost(host, threads, verify, TraceRuns.budget(decodeMemory)));
  }
}
