package migreplay.replay.engine;

/**
 * The network a migration sends over: it decides at what exact time a given number of bytes has been sent.
 * Time is an integer count of ticks of the run's clock ({@link #ticksPerSecond()}), never a floating-point
 * number. A run owns its link; calls come in non-decreasing time order.
 *
 * <p>{@link ConstantLink} is a wire of one bandwidth. A time-varying link (a bandwidth profile) or several VMs
 * sharing one link ({@link SharedLink}) are each one more implementation: the sender only asks "I hand you
 * these bytes at this time; when have they left?".
 */
public interface Link {
  /** Ticks per second of the clock this link's answers are in. */
  long ticksPerSecond();

  /**
   * Hands {@code bytes} to the link at tick {@code now}.
   *
   * @return the tick at which their last byte has left (at least {@code now})
   */
  long send(long now, long bytes);

  /**
   * The sender is done at tick {@code now} (its migration ended, or failed): it will send nothing more. A
   * link of its own ignores this; a link that several migrations share frees its place.
   */
  default void finished(long now) {}
}
