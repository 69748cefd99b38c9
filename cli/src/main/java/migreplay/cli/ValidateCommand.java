package migreplay.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import migreplay.io.AtomicOutput;
import migreplay.replay.params.Units;
import migreplay.validate.Accelerator;
import migreplay.validate.CalibrationText;
import migreplay.validate.CapShortfall;
import migreplay.validate.MigrationRecord;
import migreplay.validate.QemuPredictor;
import migreplay.validate.RecordReader;
import migreplay.validate.Summary;
import migreplay.validate.Validation;
import migreplay.validate.ValidationOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code migreplay validate}: real QEMU migrations against qemu-precopy's predictions. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Predicts each recorded real migration with qemu-precopy from its trace (the record's "
        + "max-bandwidth, downtime limit, timeout, auto-converge, guest speed, start in the trace and device "
        + "memory) and compares: OUT_DIR/validation.csv and validation.arrow (one row per record: real, model and "
        + "relative error of total time, transferred, normal and zero pages, dirty syncs, downtime bytes, "
        + "remaining bytes, downtime and pre-copy throughput (bytes sent while iterating over the time spent "
        + "iterating, against the cap), and both convergence verdicts), OUT_DIR/index.html (the table and each "
        + "record's transferred and remaining over time). A record of QEMU 7.2-8.2 under TCG is replayed with "
        + "that version's lossy dirty log (dirty_log=tcg-7.2) at the share of written pages that the syncs of the "
        + "other records of its trace found (their bitmap_sync_pages). Exits 1 when a convergence verdict is "
        + "wrong, the p90 |error| of total time or transferred exceeds --tolerance, or the p50 |error| of downtime "
        + "exceeds --downtime-tolerance.",
        "Example: migreplay validate traces/migrations --calibrate -o out/validation"})
public final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "RECORDS",
      description = "Migration records (JSON) or directories of them (*.json).")
  List<Path> records;

  @Option(names = "--traces", paramLabel = "DIR",
      description = "Where to look for a record's trace when it is not at its 'trace' path relative to the record.")
  Path traces;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT_DIR",
      description = "Where to write validation.csv, validation.arrow and index.html (created if needed).")
  Path output;

  @Option(names = "--tolerance", paramLabel = "PCT",
      description = "Largest p90 |relative error| of total time and of transferred that passes, with its unit, "
          + "e.g. 10%% (default: ${DEFAULT-VALUE}).")
  String tolerance = "10%";

  @Option(names = "--downtime-tolerance", paramLabel = "PCT",
      description = "Largest p50 |relative error| of downtime, over the records that completed in reality and in "
          + "the model, that passes, with its unit (default: ${DEFAULT-VALUE}). The median, not the p90: QEMU reports "
          + "downtime in whole ms, and a few ms of downtime are 20-100 %% off by rounding alone.")
  String downtimeTolerance = "30%";

  @Option(names = "--calibrate", description = "Fit the host costs (zero-page scan rate, copy rate, stop time), each "
      + "within its physical range, leave-one-out: each record is predicted with costs fitted on the others, robustly "
      + "(records whose convergence verdict is wrong at the defaults are left out, an outlier weighs little), or with "
      + "the defaults where those fitted costs predict it worse.")
  boolean calibrate;

  @Option(names = "--wire", paramLabel = "BANDWIDTH", description = "The link under QEMU's max-bandwidth cap; the "
      + "final pass runs at its speed (default: ${DEFAULT-VALUE}, a local pipe such as exec:cat > /dev/null).")
  String wire = QemuPredictor.DEFAULT_WIRE;

  @Option(names = "--host-spec", paramLabel = "FILE", description = "Also write the records as one host's guests for "
      + "migreplay drain --hosts (JSON: each guest's trace, start in it and model parameters, as validate predicted "
      + "it): records of migrations made at once over one link, set against a drain of the model.")
  Path hostSpec;

  @Option(names = {"-j", "--threads"}, description = "Predictions in parallel (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  /** The records as one host's guests ({@link HostSpecs}' JSON form), traces relative to the spec. */
  private void writeHostSpec(Validation.Outcome o, QemuPredictor predictor) throws java.io.IOException {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode root = json.createObjectNode();
    String name = hostSpec.getFileName().toString().replaceFirst("\\.json$", "");
    root.put("host", name);
    com.fasterxml.jackson.databind.node.ArrayNode guests = root.putArray("guests");
    Path dir = hostSpec.toAbsolutePath().getParent();
    for (Validation.Row r : o.rows()) {
      com.fasterxml.jackson.databind.node.ObjectNode g = guests.addObject();
      g.put("trace", dir.relativize(r.trace().toAbsolutePath().normalize()).toString());
      g.put("start", QemuPredictor.startUs(r.record()) + "us");
      com.fasterxml.jackson.databind.node.ObjectNode ps = g.putObject("params");
      new java.util.TreeMap<>(predictor.params(r.record(), r.trace(), r.costs())).forEach(ps::put);
    }
    try (AtomicOutput out = AtomicOutput.create(hostSpec)) {
      json.writerWithDefaultPrettyPrinter().writeValue(out.temp().toFile(), root);
      out.commit();
    }
  }

  @Override
  public Integer call() throws Exception {
    double tol = Converters.check(spec, "--tolerance", null, () -> CheckCommand.parseTolerance(tolerance));
    double downTol = Converters.check(spec, "--downtime-tolerance", null,
        () -> CheckCommand.parseTolerance(downtimeTolerance));
    long wireBps = Converters.check(spec, "--wire", null, () -> Units.bandwidthBps(wire));
    PrintWriter err = spec.commandLine().getErr();
    Validation.Options options = Converters.check(spec, "--threads", null,
        () -> new Validation.Options(traces, calibrate, threads, line -> {
          err.println("validate: calibrating: " + line);
          err.flush();
        }));
    if (Files.exists(output) && !Files.isDirectory(output)) { // before minutes of calibration, not after
      throw Converters.invalid(spec, "--output", null, output + " is a file; expected a directory to write "
          + "validation.csv, validation.arrow and index.html in (created if needed)");
    }
    List<Path> files;
    try {
      files = RecordReader.expand(records);
    } catch (IllegalArgumentException e) {
      throw Converters.invalid(spec, "RECORDS", null, e.getMessage());
    }
    if (calibrate) {
      // minutes of silence otherwise: a fit replays every record a few dozen times
      err.printf("validate: calibrating host costs leave-one-out on %d records (a few hundred replays; progress "
          + "below)%n", files.size());
    }
    if (hostSpec != null) {
      AtomicOutput.checkWritable(hostSpec);
    }
    QemuPredictor predictor = new QemuPredictor(wireBps);
    Validation.Outcome o = Validation.run(files, predictor, options);
    if (hostSpec != null) {
      writeHostSpec(o, predictor);
    }
    for (Validation.Row r : o.rows()) {
      MigrationRecord.Request q = r.record().request();
      if (q.accelerator() == Accelerator.UNKNOWN && q.qemuMajor() < 9) { // QEMU 9's log is exact under TCG too
        err.println("validate: " + r.record().name() + ": qemu_cmdline is missing or names no QEMU program or "
            + "accelerator, so it cannot tell KVM from TCG: replayed with the exact dirty log (TCG 7.2's lossy one only when "
            + "the command line says TCG)");
      }
    }
    Summary s = Summary.of(o.rows());
    Path index = ValidationOutput.write(output, o, s, String.join(" ", records.stream().map(Path::toString).toList()));
    PrintWriter out = spec.commandLine().getOut();
    if (o.calibration() != null) {
      out.println("calibration: " + CalibrationText.describe(o.hostCosts(), o.calibration()));
    }
    String stops = CalibrationText.describeStopTimes(o.stopTimes());
    if (!stops.isEmpty()) {
      out.println("stop time: " + stops);
    }
    String shares = CalibrationText.describeShares(o.logShares());
    if (!shares.isEmpty()) {
      out.println("dirty log: " + shares);
    }
    String shortfall = CapShortfall.describe(o.rows());
    if (!shortfall.isEmpty()) {
      out.println("pre-copy: " + shortfall);
    }
    List<String> failures = new java.util.ArrayList<>(s.failures(tol, downTol));
    failures.addAll(Summary.holdBackFailures(o.rows(), tol, downTol));
    String held = Summary.holdBackLine(o.rows());
    if (!held.isEmpty()) {
      out.println("validate: " + held);
    }
    out.println("validate: " + s.line() + (failures.isEmpty() ? "; PASS" : "; FAIL: " + String.join("; ", failures)));
    out.printf("validation: %s%n", index.toAbsolutePath());
    return failures.isEmpty() ? 0 : Migreplay.EXIT_BAD_DATA;
  }
}
