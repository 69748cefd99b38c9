package migreplay.cli;

import migreplay.replay.engine.RunOptions;
import migreplay.replay.engine.TraceEnd;
import migreplay.replay.engine.WithinEpoch;
import picocli.CommandLine.Option;

/**
 * How a trace is replayed, the options {@code replay} and {@code drain} share (a picocli mixin: one place for
 * their names, defaults and help); {@link #at} turns them into the engine's {@link RunOptions} for one link.
 */
final class TraceReplayOptions {
  @Option(names = "--page-header", paramLabel = "BYTES", converter = Converters.NonNegative.class,
      description = "Wire bytes per page besides the page (default: ${DEFAULT-VALUE}).")
  long pageHeader = RunOptions.DEFAULT_PAGE_HEADER_BYTES;

  @Option(names = "--start", paramLabel = "TIME", converter = Converters.Micros.class, defaultValue = "0s",
      description = "Where in the trace the migration starts (drain: where the guests' traces are when the drain "
          + "begins), e.g. 12.5s (default: ${DEFAULT-VALUE}).")
  long startUs;

  // Each option with candidates has a paramLabel of its own: picocli's completion script names its list after it.
  @Option(names = "--trace-end", paramLabel = "END", completionCandidates = Converters.TraceEndNames.class,
      converter = Converters.TraceEndValue.class, defaultValue = "loop",
      description = "When the trace ends: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  TraceEnd traceEnd;

  @Option(names = "--within-epoch", paramLabel = "WHERE", completionCandidates = Converters.WithinEpochNames.class,
      converter = Converters.WithinEpochValue.class, defaultValue = "spread",
      description = "Where an epoch's writes fall: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  WithinEpoch withinEpoch;

  @Option(names = "--resume-overhead", paramLabel = "TIME", converter = Converters.Micros.class, defaultValue = "0ms",
      description = "Added to each downtime (drain: a slot frees after it), e.g. 50ms (default: ${DEFAULT-VALUE}).")
  long resumeOverheadUs;

  /** The engine's options for a link of {@code bps} bits per second. */
  RunOptions at(long bps) {
    return new RunOptions(bps, pageHeader, startUs, traceEnd, withinEpoch, resumeOverheadUs);
  }
}
