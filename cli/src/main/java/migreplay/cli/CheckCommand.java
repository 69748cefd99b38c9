package migreplay.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import migreplay.io.Quote;
import migreplay.report.RegressionCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code migreplay check}: the CI regression gate. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Compares results with baseline results run by run and exits 1 on any regression: a run "
        + "that did not complete (or failed) where the baseline's completed, a metric that grew by more than the "
        + "tolerance (a time by more than the time tolerance too), a run present on one side only (unless "
        + "--allow-missing), or no run matched at all. Reads runs.arrow of each side and refuses one whose "
        + "runs.csv says otherwise, so the CSV diff a person reviews is what is checked.",
        "Example: migreplay check results --baseline ci/baseline --tolerance 1%%"})
public final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RESULTS_DIR", description = "The results to check (the output of migreplay replay).")
  Path results;

  @Option(names = "--baseline", required = true, paramLabel = "BASELINE_DIR",
      description = "The results to compare with, e.g. committed ci/baseline (the output of migreplay replay).")
  Path baseline;

  @Option(names = "--tolerance", paramLabel = "PCT", description = "Relative change allowed, in percent with its unit: 1%%, 0.5%% (default: ${DEFAULT-VALUE}).")
  String tolerance = "1%";

  @Option(names = "--time-tolerance", paramLabel = "TIME", converter = Converters.Micros.class, defaultValue = "1ms",
      description = "A time metric (a column ending in _s) that moved by at most this much is no change, whatever "
          + "the percentage (default: ${DEFAULT-VALUE}; QEMU reports downtime in whole ms).")
  long timeToleranceUs;

  @Option(names = "--metric", split = ",", paramLabel = "COLUMN", description = "runs columns to compare (default: total_time_s,bytes_sent,downtime_s).")
  List<String> metrics = RegressionCheck.DEFAULT_METRICS;

  @Option(names = "--allow-missing", description = "Runs present on one side only are listed but do not fail.")
  boolean allowMissing;

  @Override
  public Integer call() throws Exception {
    double tol = Converters.check(spec, "--tolerance", null, () -> parseTolerance(tolerance));
    RegressionCheck.Outcome o = Converters.check(spec, "--metric", null, () -> {
      try {
        return RegressionCheck.check(results, baseline, metrics, tol, timeToleranceUs / 1e6, allowMissing);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    spec.commandLine().getOut().print(o.format());
    return o.failed() ? Migreplay.EXIT_BAD_DATA : 0;
  }

  /** A percentage with its unit ({@code 1%}), as a fraction; a bare number is refused (is 1 one percent?). */
  static double parseTolerance(String s) {
    String t = s.trim();
    // decimal digits only: Java's parseDouble would also take 0x1p4 (hexadecimal), 5d and 5f (type suffixes)
    if (t.endsWith("%") && DECIMAL.matcher(t.substring(0, t.length() - 1).trim()).matches()) {
      double v = Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100;
      if (v >= 0 && Double.isFinite(v)) {
        return v;
      }
    }
    throw new IllegalArgumentException("expected a percentage with its unit, e.g. 1% or 0.5%, found " + Quote.of(s));
  }

  private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("[0-9]+(\\.[0-9]*)?|\\.[0-9]+");

}
