package migreplay.cli;

import java.util.Optional;
import migreplay.replay.sweep.DistributedEngine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where {@code replay} and {@code drain} run (a picocli mixin): this JVM's pool, or a {@link DistributedEngine}. */
final class EngineOptions {
  @Option(names = "--engine", paramLabel = "ENGINE", completionCandidates = Converters.EngineNames.class,
      description = "local (this JVM's threads) or spark (default: ${DEFAULT-VALUE}).")
  String engine = "local";

  @Option(names = "--master", paramLabel = "URL", description = "--engine spark: the Spark master, e.g. local[4], "
      + "spark://host:7077, yarn (default: the one spark-submit set, else local[*]).")
  String master;

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

  DistributedEngine.Options options(boolean verify, java.util.OptionalLong decodeMemory) {
    return new DistributedEngine.Options(Optional.ofNullable(master), verify, decodeMemory);
  }
}
