package migreplay.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import migreplay.ingest.synth.SyntheticTrace;
import migreplay.ingest.synth.WriterSpec;
import migreplay.io.AtomicOutput;
import migreplay.replay.params.Units;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code migreplay synth}: a deterministic synthetic trace from a mix of writers. */
@Command(name = "synth", mixinStandardHelpOptions = true,
    description = {"Writes a deterministic (seeded) synthetic trace: any mix of a hot set rewritten each epoch, a "
        + "cold uniform stream, a sequential sweep and a Zipf-distributed writer.",
        "Example: migreplay synth -o hot.trace.arrow --ram 1GiB --duration 30s --epoch 10ms "
            + "--hot pages=2000,p=0.9 --cold rate=5000 --sweep rate=20000"})
public final class SynthCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The trace to write.")
  Path output;

  @Option(names = "--ram", paramLabel = "SIZE", converter = Converters.Bytes.class, defaultValue = "1GiB",
      description = "Guest RAM, e.g. 512MiB, 16GiB (default: ${DEFAULT-VALUE}).")
  long ramBytes;

  @Option(names = "--duration", paramLabel = "TIME", converter = Converters.PositiveMicros.class, defaultValue = "30s",
      description = "Trace length, e.g. 30s (default: ${DEFAULT-VALUE}).")
  long durationUs;

  @Option(names = "--epoch", paramLabel = "TIME", converter = Converters.PositiveMicros.class, defaultValue = "10ms",
      description = "Epoch length, the trace's resolution (default: ${DEFAULT-VALUE}).")
  long epochUs;

  @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--hot", paramLabel = "pages=N,p=P[,offset=K]", description = "A hot set: N pages each rewritten per epoch with probability P.")
  List<String> hot = new ArrayList<>();

  @Option(names = "--cold", paramLabel = "rate=R", description = "A cold stream: R writes/s uniform over RAM.")
  List<String> cold = new ArrayList<>();

  @Option(names = "--sweep", paramLabel = "rate=R[,offset=K]", description = "A sequential sweep of R pages/s.")
  List<String> sweep = new ArrayList<>();

  @Option(names = "--zipf", paramLabel = "pages=N,s=S,rate=R[,offset=K]", description = "R writes/s over N pages, Zipf(S).")
  List<String> zipf = new ArrayList<>();

  @Option(names = "--page-size", paramLabel = "BYTES", converter = Converters.PageSize.class,
      description = "Bytes per page, a power of two (default: ${DEFAULT-VALUE}).")
  int pageSize = 4096;

  @Option(names = "--workload", description = "Workload name for the metadata.")
  String workload = "synthetic";

  @Override
  public Integer call() throws Exception {
    List<WriterSpec> writers = new ArrayList<>();
    for (String[] group : new String[][] {kinds("hot", hot), kinds("cold", cold), kinds("sweep", sweep),
        kinds("zipf", zipf)}) {
      for (String w : group) {
        String option = "--" + w.substring(0, w.indexOf(':'));
        writers.add(Converters.check(spec, option, w.substring(w.indexOf(':') + 1), () -> WriterSpec.parse(w)));
      }
    }
    if (writers.isEmpty()) {
      throw Converters.invalid(spec, "--hot", null, "give at least one writer: --hot, --cold, --sweep or --zipf");
    }
    if (ramBytes % pageSize != 0) {
      throw Converters.invalid(spec, "--ram", spec.findOption("--ram").originalStringValues().isEmpty() ? "1GiB"
          : spec.findOption("--ram").originalStringValues().get(0), "expected a whole number of " + pageSize + "-byte pages");
    }
    if (epochUs > durationUs) {
      throw Converters.invalid(spec, "--epoch", Units.formatMicros(epochUs), "expected at most the --duration, "
          + Units.formatMicros(durationUs));
    }
    if (ramBytes / pageSize > Integer.MAX_VALUE) {
      throw Converters.invalid(spec, "--ram", null, "at most 2^31 pages of " + pageSize + " bytes (8 TiB of 4 KiB pages)");
    }
    RamRanges ram = Converters.check(spec, "--ram", Long.toString(ramBytes), () -> RamRanges.ofPages(ramBytes / pageSize));
    for (WriterSpec w : writers) { // each alone first, so that a refusal names its option
      String text = w.toString();
      Converters.check(spec, "--" + text.substring(0, text.indexOf(':')), text.substring(text.indexOf(':') + 1),
          () -> new SyntheticTrace(ram, durationUs, epochUs, seed, List.of(w)));
    }
    SyntheticTrace trace = new SyntheticTrace(ram, durationUs, epochUs, seed, writers);
    AtomicOutput.checkWritable(output);
    long epochs = (durationUs + epochUs - 1) / epochUs;
    long rows;
    long started = System.nanoTime();
    try (Progress p = Progress.start("synth", epochs)) {
      rows = trace.write(output, TraceMetadata.builder().pageSize(pageSize).hypervisor("unknown")
          .workload(workload), p::stepTo);
    }
    double s = (System.nanoTime() - started) / 1e9;
    spec.commandLine().getOut().printf(Locale.US, "wrote %s: %d rows, %d epochs, %.1f s (%s)%n", output, rows,
        epochs, s, trace.describe());
    return 0;
  }

  private static String[] kinds(String kind, List<String> values) {
    return values.stream().map(v -> kind + ":" + v).toArray(String[]::new);
  }
}
