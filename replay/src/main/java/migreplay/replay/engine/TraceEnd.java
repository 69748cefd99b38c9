package migreplay.replay.engine;

/** What happens when the migration outlasts the trace (DESIGN.md, "Start and end of the trace"). */
public enum TraceEnd {
  /** The trace repeats from its beginning (the default). */
  LOOP,
  /** The guest stops writing. */
  IDLE,
  /** The run fails, with the reason in its results. */
  ERROR;

  /** The name used on the command line and in results. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
