package migreplay.replay.manage;

/**
 * One management layer's monitor loop for one migration (one instance per run): it looks at the migration at
 * {@link #firstLookNs()} and then every {@link #periodNs()}, each look at exactly that time since the
 * {@code migrate} command, and acts through the {@link MigrationControl}. Its state (timers, progress marks,
 * what it already did) is its own, as in the real code.
 */
public interface Manager {
  /** Nanoseconds from the {@code migrate} command to the first look. */
  long firstLookNs();

  /** Nanoseconds between two looks (the loop's sleep; the work in a look is taken as instantaneous). */
  long periodNs();

  /**
   * One look.
   *
   * @param elapsedNs time since the {@code migrate} command
   */
  void look(long elapsedNs, MigrationControl control);
}
