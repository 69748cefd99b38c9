package migreplay.replay.engine;

/** The migration outlasted the trace under {@code --trace-end error}; the run is reported as failed. */
final class TraceEndedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TraceEndedException(String reason) {
    super(reason, null, false, false);
  }
}
