package migreplay.replay;

/**
 * A live-migration algorithm. It drives one {@link Migration} from start to the end of its last round: it
 * peeks and cleans the dirty log, sends pages, pauses the guest and closes rounds; the engine owns the
 * clock, the network and all accounting. A new algorithm is one class implementing this plus one constant
 * in {@link Algorithm}.
 */
public interface MigrationAlgorithm {
  /** The registry name, e.g. {@code xen-precopy}. */
  String name();

  /** The parameters that shaped it, {@code key=value} sorted by key and joined by {@code ;}. */
  String params();

  /** Runs the whole migration. */
  void migrate(Migration migration);
}
