package migreplay.cli;

import java.util.Optional;
import java.util.OptionalLong;
import migreplay.replay.params.Units;
import migreplay.replay.sweep.DistributedEngine;
import migreplay.trace.DecodeBudget;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where {@code replay} and {@code drain} run (a picocli mixin): this JVM's pool, or a {@link DistributedEngine};
 * and how much heap their traces may take decoded there.
 */
final class EngineOptions {
  @Option(names = "--engine", paramLabel = "ENGINE", completionCandidates = Converters.EngineNames.class,
      description = "local (this JVM's threads) or spark (default: ${DEFAULT-VALUE}).")
  String engine = "local";

  @Option(names = "--master", paramLabel = "URL", description = "--engine spark: the Spark master, e.g. local[4], "
      + "spark://host:7077, yarn (default: the one spark-submit set, else local[*]).")
  String master;

  @Option(names = "--decode-memory", paramLabel = "SIZE", description = "Heap for traces decoded once and shared by "
      + "every run (or drain) that reads them, e.g. 2GiB; 0 streams them from their files (default: half the heap; "
      + "with --engine spark, per task: half the executor heap over its cores).")
  String decodeMemory;

  /**
   * {@code --decode-memory} in bytes, or empty for the default; a usage error for a bad size, or on the local pool
   * for more than the Java heap.
   */
  OptionalLong decodeBytes(CommandSpec spec) {
    if (decodeMemory == null) {
      return OptionalLong.empty();
    }
    long bytes = Converters.check(spec, "--decode-memory", null, () -> Units.bytesOrZero(decodeMemory));
    long heap = Runtime.getRuntime().maxMemory();
    if (local() && bytes > heap) {
      throw Converters.invalid(spec, "--decode-memory", decodeMemory, "more than the Java heap (" + (heap >> 20)
          + " MiB), which also holds everything else; give less, or a larger heap with MIGREPLAY_JAVA_OPTS=-Xmx<size>");
    }
    return OptionalLong.of(bytes);
  }

  /** The local pool's budget for decoded traces: {@code decodeBytes}, or half the heap. */
  static DecodeBudget localBudget(OptionalLong decodeBytes) {
    return decodeBytes.isPresent() ? new DecodeBudget(decodeBytes.getAsLong()) : DecodeBudget.halfOfHeap();
  }

  boolean local() {
    return engine.equals("local");
  }

  /** The engine to run on, or empty for the local pool; a usage error for an unknown or missing engine. */
  Optional<DistributedEngine> remote(CommandSpec spec) {
    if (local()) {
      if (master != null) {
        throw new ParameterException(spec.commandLine(), "--master needs --engine spark");
      }
      return Optional.empty();
    }
    return Optional.of(DistributedEngine.named(engine).orElseThrow(() -> new ParameterException(
        spec.commandLine(), engine.equals("spark")
            ? "--engine spark needs the Spark build, which the default build leaves out: build it with "
                + "mvn -B -Pspark -DskipTests package, then run ./migreplay again"
            : "Invalid value for option '--engine': " + migreplay.io.Quote.of(engine) + ": expected local or spark")));
  }

  DistributedEngine.Options options(boolean verify, OptionalLong decodeMemory) {
    return new DistributedEngine.Options(Optional.ofNullable(master), verify, decodeMemory);
  }
}
