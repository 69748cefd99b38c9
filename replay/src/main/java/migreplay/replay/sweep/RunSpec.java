package migreplay.replay.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import migreplay.replay.Algorithm;
import migreplay.replay.engine.MigrationAlgorithm;
import migreplay.replay.engine.Replayer;
import migreplay.replay.engine.RunOptions;
import migreplay.results.RunResult;
import migreplay.trace.TraceReader;
import migreplay.trace.TraceSource;

/**
 * One run to do: a trace, an algorithm with its parameters, and the run options. Each {@code run} creates a
 * fresh algorithm instance from the registry and hands it to the engine's {@link Replayer}.
 *
 * @param params algorithm parameters by key (only keys the algorithm takes)
 */
public record RunSpec(Path trace, Algorithm algorithm, Map<String, String> params, RunOptions options) {
  public RunSpec {
    params = Collections.unmodifiableMap(new TreeMap<>(params));
  }

  /** This run with {@code overrides} over its parameters (itself when there are none). */
  public RunSpec over(Map<String, String> overrides) {
    if (overrides.isEmpty()) {
      return this;
    }
    Map<String, String> merged = new java.util.LinkedHashMap<>(params);
    merged.putAll(overrides);
    return new RunSpec(trace, algorithm, merged, options);
  }

  /** A fresh instance of the algorithm with these parameters; keys it does not take are an error. */
  public MigrationAlgorithm newAlgorithm() {
    return algorithm.create(params);
  }

  /**
   * Runs it on its trace file. A migration that cannot finish under its options comes back with status
   * {@code failed} and its reason.
   *
   * @param verify check the invariant at the end; a broken invariant is a bug and throws
   *     {@link IllegalStateException}
   */
  public RunResult run(boolean verify) throws IOException {
    return Replayer.run(newAlgorithm(), trace, options, verify);
  }

  /**
   * Runs it reading the trace's rows from {@code rows} (e.g. a cursor over the trace decoded once for a
   * sweep, or a copy of a remote trace) instead of opening {@link #trace()}.
   *
   * @param traceLabel the {@code trace} column of the result: the trace as the user gave it
   */
  public RunResult run(TraceSource rows, String traceLabel, boolean verify) throws IOException {
    return Replayer.run(newAlgorithm(), rows, options, traceLabel, verify);
  }

  /** Runs it on its trace file and counts the writes it replayed (for throughput benchmarks). */
  public Replayer.Measured measure() throws IOException {
    try (TraceReader reader = TraceReader.open(trace)) {
      return measure(reader);
    }
  }

  /** Runs it reading its rows from {@code rows} and counts the writes it replayed. */
  public Replayer.Measured measure(TraceSource rows) throws IOException {
    return Replayer.measure(newAlgorithm(), rows, options, trace.toString(), false);
  }
}
