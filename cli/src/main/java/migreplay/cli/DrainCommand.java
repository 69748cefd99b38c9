package migreplay.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import migreplay.io.AtomicOutput;
import migreplay.replay.Algorithm;
import migreplay.replay.engine.RunOptions;
import migreplay.replay.sweep.DrainOrder;
import migreplay.replay.sweep.DistributedEngine;
import migreplay.replay.sweep.Fleet;
import migreplay.replay.sweep.SweepPlan;
import migreplay.report.DrainReport;
import migreplay.results.DrainRow;
import migreplay.results.ResultsWriter;
import migreplay.trace.DecodeBudget;
import migreplay.trace.TraceFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code migreplay drain}: one host's guests leaving over one link, N at a time → drain, link, index.html. */
@Command(name = "drain", mixinStandardHelpOptions = true,
    description = "Drains a host: migrates its guests (one trace each) over one shared link, at most N at a "
        + "time in the given order, each starting when a slot frees; writes drain.arrow/.csv/.parquet (one row "
        + "per guest), link.arrow/.csv/.parquet (the link's use over time) and index.html (timeline).")
public final class DrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "TRACE_OR_DIR", description = "The host's guests: trace files, or "
      + "directories of *.trace.arrow (or --hosts).")
  List<Path> traces = new ArrayList<>();

  @Option(names = "--hosts", split = ",", paramLabel = "SPEC_OR_DIR", description = "A fleet instead of one host: "
      + "host specs (JSON {\"host\": NAME, \"guests\": [TRACE, ...]}, or CSV with a trace column and optionally a "
      + "host column; paths relative to the spec), or directories of *.json and *.csv specs. Each host is drained "
      + "over its own link, one task per host.")
  List<Path> hostSpecs = new ArrayList<>();

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT_DIR", description = "Where to write the results.")
  Path output;

  @Option(names = {"-a", "--algorithm"}, required = true, paramLabel = "ALGO", converter = Converters.Algo.class,
      completionCandidates = Converters.AlgorithmNames.class,
      description = "The algorithm every guest migrates with: ${COMPLETION-CANDIDATES}.")
  Algorithm algorithm;

  @Option(names = "--link", split = ",", paramLabel = "BW", converter = Converters.Bandwidth.class,
      defaultValue = "1Gbit", description = "The host's link, e.g. 1Gbit or 10Gbit,25Gbit (default: ${DEFAULT-VALUE}).")
  List<Long> links;

  @Option(names = "--parallel", split = ",", paramLabel = "N", defaultValue = "1",
      description = "Migrations at once, at most, e.g. 1,2,4 (default: ${DEFAULT-VALUE}, Nova's "
          + "max_concurrent_live_migrations; KubeVirt's is 2).")
  List<String> parallel;

  @Option(names = "--order", paramLabel = "ORDER", defaultValue = "given",
      description = "given, smallest-first (RAM), calmest-first, busiest-first (mean dirty rate), or best (every "
          + "order of at most " + DrainOrder.BEST_MAX_GUESTS + " guests; the soonest with no failed guest) "
          + "(default: ${DEFAULT-VALUE}).")
  String order;

  @Option(names = {"-p", "--param"}, paramLabel = "NAME=V1[,V2...]",
      description = "An algorithm parameter, as for replay; several values sweep it (repeatable).")
  List<String> param = new ArrayList<>();

  @Mixin TraceReplayOptions replaying;

  @Option(names = {"-j", "--threads"}, paramLabel = "N", converter = Converters.Threads.class,
      description = "Drains (or orders tried) at once (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--verify", description = "Check every migration's invariant.")
  boolean verify;

  @Mixin EngineOptions running;

  /** Each guest's own parameters over each drain's, built once here: a bad one fails before any drain runs. */
  private void checkGuestParams(List<Fleet.Host> hosts, SweepPlan sweep) {
    for (Fleet.Host h : hosts) {
      for (Fleet.Member m : h.guests()) {
        if (m.params().isEmpty()) {
          continue;
        }
        for (migreplay.replay.sweep.RunSpec t : sweep.specs(Path.of(m.trace()))) {
          try {
            t.over(m.params()).newAlgorithm();
          } catch (IllegalArgumentException e) {
            throw new migreplay.io.BadInputException("host " + h.name() + ", guest " + m.trace(), "params: "
                + e.getMessage());
          }
        }
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    DrainOrder how = DrainOrder.of(order);
    if (how == null) {
      throw Converters.invalid(spec, "--order", order, "expected "
          + Converters.orList(java.util.Arrays.stream(DrainOrder.values()).map(DrainOrder::label).toList()));
    }
    List<Integer> slots = new ArrayList<>();
    for (String p : parallel) {
      slots.add(Converters.check(spec, "--parallel", p,
          () -> (int) Converters.integer(p, 1, 4096, "a number of migrations at once")));
    }
    OptionalLong decodeBytes = running.decodeBytes(spec);
    Optional<DistributedEngine> remote = running.remote(spec);
    if (traces.isEmpty() == hostSpecs.isEmpty()) {
      throw new ParameterException(spec.commandLine(), traces.isEmpty()
          ? "Missing the host's guests: give their traces (TRACE_OR_DIR...) or a fleet's host specs (--hosts)"
          : "give the host's traces or --hosts, not both");
    }
    List<Fleet.Host> hosts = new ArrayList<>();
    if (hostSpecs.isEmpty()) {
      hosts.add(new Fleet.Host("", TraceFiles.expand(traces).stream().map(t -> Fleet.Member.of(t.toString())).toList()));
    } else {
      hosts.addAll(HostSpecs.read(hostSpecs));
    }
    List<Path> files = new ArrayList<>();
    for (Fleet.Host h : hosts) {
      if (how == DrainOrder.BEST && h.traces().size() > DrainOrder.BEST_MAX_GUESTS) {
        throw Converters.invalid(spec, "--order", order, String.format(Locale.US,
            "tries every order of at most %d guests, but %s; use %s", DrainOrder.BEST_MAX_GUESTS, h.name().isEmpty()
                ? h.traces().size() + " were given" : "host " + h.name() + " has " + h.traces().size(),
            Converters.orList(java.util.Arrays.stream(DrainOrder.values()).filter(o -> o != DrainOrder.BEST)
                .map(DrainOrder::label).toList())));
      }
      h.traces().forEach(t -> files.add(Path.of(t)));
    }
    RunSweep.checkStart(spec, files, replaying.startUs);
    AtomicOutput.checkWritable(output.resolve("drain.arrow"));
    AtomicOutput.checkWritable(output.resolve("index.html"));
    SweepParams params = new SweepParams(spec, List.of(algorithm));
    for (String p : param) {
      params.putParam(p);
    }
    List<RunOptions> options = new ArrayList<>();
    for (long bps : links) {
      options.add(replaying.at(bps));
    }
    SweepPlan sweep = Converters.check(spec, "--param", null,
        () -> new SweepPlan(List.of(), List.of(algorithm), options, params.values()));
    checkGuestParams(hosts, sweep);
    Fleet fleet = new Fleet(hosts, how, slots, sweep);
    Fleet.Rows done;
    if (remote.isPresent()) {
      done = remote.get().drain(fleet, running.options(verify, decodeBytes));
    } else {
      DecodeBudget budget = EngineOptions.localBudget(decodeBytes);
      Progress[] progress = new Progress[1];
      try {
        done = fleet.run(threads, verify, budget, n -> progress[0] = Progress.start("drain", n),
            () -> progress[0].step());
      } finally {
        if (progress[0] != null) {
          progress[0].close();
        }
      }
    }
    List<DrainRow> rows = done.drain();
    ResultsWriter.writeDrain(output, rows, done.link(), Provenance.of(spec));
    Path index = DrainReport.write(output, output.resolve("index.html"));
    spec.commandLine().getOut().print(DrainReport.text(rows));
    spec.commandLine().getOut().printf("wrote %s to %s; report: %s%n",
        migreplay.report.Words.count(hosts.size() * fleet.drainsPerHost(), "drain"), output, index);
    long failed = rows.stream().filter(r -> !"ok".equals(r.status())).count();
    if (failed > 0) {
      spec.commandLine().getErr().printf("migreplay: %d guest migrations failed (status and reason in %s)%n", failed,
          output.resolve("drain.csv"));
      return Migreplay.EXIT_BAD_DATA;
    }
    return 0;
  }
}
