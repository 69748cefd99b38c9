package migreplay.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import migreplay.replay.Algorithm;
import migreplay.replay.params.ParamSpec;
import migreplay.report.Baseline;
import migreplay.report.Comparison;
import migreplay.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code migreplay report}: results → index.html, summary.md, comparison.csv. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes a self-contained HTML report (index.html), a Markdown summary (summary.md) and "
        + "comparison.csv from a results directory: each run's outcome and downtime, the comparison with a "
        + "baseline, averages per link and parameter set, and per trace and link the fastest run that completes "
        + "within the downtime objective. Never re-runs replay.",
        "Example: migreplay report out/hb -o out/hb/report --baseline qemu-precopy:hot_policy=none"})
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RESULTS_DIR", description = "Output of migreplay replay, or of migreplay drain (then "
      + "index.html is its timeline report).")
  Path results;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "REPORT_DIR",
      description = "Where to write index.html, summary.md and comparison.csv (created if needed).")
  Path output;

  @Option(names = "--baseline", paramLabel = "ALGO[:NAME=VALUE,...]", description = "What every run is compared "
      + "against: an algorithm, optionally with parameters, e.g. xen-precopy, qemu-precopy:hot_policy=none, "
      + "qemu-precopy:max_bandwidth=128MiB/s (default: xen-precopy where it has runs; else the first algorithm, and "
      + "when it was swept, its first value of the parameter swept first).")
  String baseline;

  @Option(names = "--max-downtime", paramLabel = "TIME", converter = Converters.Micros.class, defaultValue = "300ms",
      description = "The downtime objective of the decision: per trace and link the fastest run that completes "
          + "with at most this downtime is recommended (default: ${DEFAULT-VALUE}).")
  long maxDowntimeUs;

  @Override
  public Integer call() throws Exception {
    if (java.nio.file.Files.isRegularFile(results.resolve("drain.arrow"))
        && !java.nio.file.Files.exists(results.resolve("runs.arrow"))) {
      if (baseline != null || spec.commandLine().getParseResult().hasMatchedOption("--max-downtime")) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), (baseline != null ? "--baseline"
            : "--max-downtime") + " applies to replay results; " + results + " holds drain results");
      }
      migreplay.io.AtomicOutput.createDirectories(output);
      Path index = migreplay.report.DrainReport.write(results, output.resolve("index.html"));
      spec.commandLine().getOut().printf("report: %s%n", index);
      return 0;
    }
    Baseline.Request request = baseline == null ? null
        : Converters.check(spec, "--baseline", baseline, () -> Baseline.Request.parse(baseline, ReportCommand::normalize));
    Path index;
    try {
      index = Report.write(results, output, new Report.Options(request, maxDowntimeUs / 1000.0));
    } catch (Comparison.UnknownBaselineException e) {
      throw Converters.invalid(spec, "--baseline", null, e.getMessage());
    }
    spec.commandLine().getOut().printf("report: %s%n", index);
    return 0;
  }

  /** A baseline parameter in normal form, as the results' params column writes it. */
  static String normalize(String algorithm, String key, String value) {
    Algorithm a = Algorithm.named(algorithm);
    ParamSpec p = a.param(key);
    if (p == null) {
      List<String> known = a.params().stream().map(ParamSpec::name).toList();
      String names = String.join(", ", known);
      String near = SweepParams.nearest(key, new TreeSet<>(known));
      throw new IllegalArgumentException(a.label() + " takes no parameter " + key + "; "
          + (a.params().isEmpty() ? "it takes none" : names.length() <= SweepParams.LISTED ? "it takes " + names
              : (near != null ? "did you mean " + near + "? " : "") + "it takes " + a.params().size()
                  + ": `migreplay algorithms` lists them"));
    }
    try {
      return p.normalize(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + "=" + migreplay.io.Quote.of(value) + ": " + e.getMessage());
    }
  }
}
