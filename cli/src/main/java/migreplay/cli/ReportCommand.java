package migreplay.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import migreplay.report.Comparison;
import migreplay.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code migreplay report}: results → index.html, summary.md, comparison.csv. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Writes a self-contained HTML report (index.html), a Markdown summary (summary.md) and "
        + "comparison.csv from a results directory. Never re-runs replay.")
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RESULTS_DIR", description = "Output of migreplay replay.")
  Path results;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "REPORT_DIR")
  Path output;

  @Option(names = "--baseline", paramLabel = "ALGO", description = "Algorithm the others are compared against (default: ${DEFAULT-VALUE}).")
  String baseline = Report.Options.DEFAULT.baseline();

  @Override
  public Integer call() throws Exception {
    Path index;
    try {
      index = Report.write(results, output, new Report.Options(baseline));
    } catch (Comparison.UnknownBaselineException e) {
      throw Converters.invalid(spec, "--baseline", null, e.getMessage());
    }
    spec.commandLine().getOut().printf("report: %s%n", index);
    return 0;
  }
}
