package migreplay.replay.engine;

/**
 * A live-migration algorithm. It drives one {@link Migration} from start to the end of its last round: it
 * peeks and cleans the dirty log, sends pages, pauses the guest and closes rounds; the engine owns the
 * clock, the network and all accounting. A new algorithm is one class implementing this plus one constant
 * in the registry, {@code migreplay.replay.Algorithm}.
 */
public interface MigrationAlgorithm {
  /** The registry name, e.g. {@code xen-precopy}. */
  String name();

  /** The parameters that shaped it, {@code key=value} sorted by key and joined by {@code ;}. */
  String params();

  /** Runs the whole migration. */
  void migrate(Migration migration);

  /**
   * Ticks per second of the run's clock. The default ticks once per bit time of the link, so that the clock
   * of an algorithm that only sends back to back is exactly the bits sent (Xen's page-exact results).
   */
  default long ticksPerSecond(RunOptions options) {
    return options.bandwidthBps();
  }

  /** Whether the algorithm has a notion of hot pages ({@code hot_pages} is empty in the results if not). */
  default boolean hasHotPages() {
    return true;
  }
}
