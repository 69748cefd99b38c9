package migreplay.replay.sweep;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import migreplay.results.RunResult;

/**
 * Somewhere other than this JVM's thread pool ({@link Sweep}) that runs a sweep plan, e.g. Apache Spark (the
 * {@code spark} module). Engines are found by name with {@link ServiceLoader}, so the default jar carries
 * none and starts no faster or slower for them. An engine returns the same results as {@link Sweep}: plan
 * order, numbered from 0, written by the same {@link migreplay.results.ResultsWriter}.
 */
public interface DistributedEngine {
  /** The name {@code --engine} takes. */
  String name();

  /**
   * Runs each trace × the template's runs.
   *
   * @param traces the traces as the user gave them: local files or directories of {@code *.trace.arrow}, or
   *     URIs the engine can read ({@code file:}, {@code hdfs:}, {@code s3a:}, ...)
   * @param template the plan's algorithms, run options and parameters; its traces are ignored
   */
  List<RunResult> run(List<String> traces, SweepPlan template, Options options) throws IOException;

  /**
   * Runs a fleet's drains, one host a task ({@link Fleet#runHost}); returns the rows in host order, exactly as
   * {@link Fleet#run} does on the local pool. The hosts' traces are paths every worker must be able to read.
   */
  Fleet.Rows drain(Fleet fleet, Options options) throws IOException;

  /**
   * @param master where to run (for Spark a master URL such as {@code local[*]} or {@code yarn}), or empty
   *     for the engine's default
   * @param verify check every run's invariant
   * @param decodeMemory bytes each task may hold of decoded traces, or empty for the engine's default
   */
  record Options(Optional<String> master, boolean verify, OptionalLong decodeMemory) {}

  /** The engine of that name on the class path, if any. */
  static Optional<DistributedEngine> named(String name) {
    for (DistributedEngine e : ServiceLoader.load(DistributedEngine.class)) {
      if (e.name().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
